using NutSharp.Devices;
using NutSharp.Protocol;

namespace NutSharp.Server.Replies;

/// <summary>
/// upsd's replies about one device (netget.c, netlist.c), written from the device's current
/// snapshot: one snapshot per request, so a list never mixes two driver batches, and no lock.
/// The UPS and variable names are echoed as the client typed them.
/// </summary>
internal static class DeviceReplies
{
    /// <summary>
    /// upsd keeps each value escaped in a 256-byte buffer (common/state.c: ST_MAX_VALUE_LEN and
    /// pconf_encode), so a client never sees more than 255 escaped bytes of one value.
    /// </summary>
    public const int MaxEscapedValueBytes = 255;

    /// <summary>The value as upsd shows it between quotes: escaped, at most <see cref="MaxEscapedValueBytes"/> bytes.</summary>
    private static void AppendValue(OutputBuffer output, DeviceVariable variable)
    {
        var bytes = variable.ValueBytes;
        if (!variable.HasEscapableCharacters && bytes.Length <= MaxEscapedValueBytes) output.Append(bytes);
        else output.AppendEscaped(bytes, MaxEscapedValueBytes);
    }

    /// <summary>upsd's availability check; writes DRIVER-NOT-CONNECTED or DATA-STALE and returns false when it fails.</summary>
    public static bool CheckAvailable(OutputBuffer output, Device device, DeviceSnapshot snapshot)
    {
        switch (device.Availability(snapshot))
        {
            case Availability.NotConnected: output.Error(NutError.DriverNotConnected); return false;
            case Availability.Stale: output.Error(NutError.DataStale); return false;
            default: return true;
        }
    }

    /// <summary><c>GET VAR</c>: availability, then the value (with <c>FSD </c> in front of ups.status once FSD is set).</summary>
    public static void GetVar(OutputBuffer output, Device device, ReadOnlySpan<byte> ups, ReadOnlySpan<byte> name)
    {
        var snapshot = device.Current;
        if (!CheckAvailable(output, device, snapshot)) return;
        if (snapshot.Find(name) is not { } variable) { output.Error(NutError.VarNotSupported); return; }
        output.Append("VAR "u8).Append(ups).Append((byte)' ').Append(name).Append(" \""u8);
        if (snapshot.Fsd && NameComparer.EqualsIgnoreCase(name, "ups.status"u8)) output.Append("FSD "u8);
        AppendValue(output, variable);
        output.Append("\"\n"u8);
    }

    /// <summary><c>LIST VAR</c> (with the FSD prefix on ups.status) or <c>LIST RW</c> (RW variables only, raw status).</summary>
    public static void ListVariables(OutputBuffer output, Device device, ReadOnlySpan<byte> header, ReadOnlySpan<byte> ups, bool readWriteOnly)
    {
        var snapshot = device.Current;
        if (!CheckAvailable(output, device, snapshot)) return;
        output.Append("BEGIN LIST "u8).Append(header).Append((byte)'\n');
        foreach (var v in snapshot.Variables)
        {
            if (readWriteOnly && !v.IsWritable) continue;
            output.Append(readWriteOnly ? "RW "u8 : "VAR "u8).Append(ups).Append((byte)' ').Append(v.NameBytes).Append(" \""u8);
            if (!readWriteOnly && snapshot.Fsd && NameComparer.Instance.Equals(v.Name, "ups.status")) output.Append("FSD "u8);
            AppendValue(output, v);
            output.Append("\"\n"u8);
        }
        output.Append("END LIST "u8).Append(header).Append((byte)'\n');
    }

    public static void ListCommands(OutputBuffer output, Device device, ReadOnlySpan<byte> header, ReadOnlySpan<byte> ups)
    {
        var snapshot = device.Current;
        if (!CheckAvailable(output, device, snapshot)) return;
        output.Append("BEGIN LIST "u8).Append(header).Append((byte)'\n');
        foreach (var c in snapshot.Commands)
            output.Append("CMD "u8).Append(ups).Append((byte)' ').Append(c).Append((byte)'\n');
        output.Append("END LIST "u8).Append(header).Append((byte)'\n');
    }

    /// <summary>LIST ENUM / LIST RANGE, in the order the driver added them.</summary>
    public static void ListEnumOrRange(OutputBuffer output, Device device, ReadOnlySpan<byte> header, ReadOnlySpan<byte> ups, ReadOnlySpan<byte> name, bool ranges)
    {
        var snapshot = device.Current;
        if (!CheckAvailable(output, device, snapshot)) return;
        if (snapshot.Find(name) is not { } v) { output.Error(NutError.VarNotSupported); return; }
        output.Append("BEGIN LIST "u8).Append(header).Append((byte)'\n');
        if (ranges)
        {
            foreach (var r in v.Ranges)
                output.Append("RANGE "u8).Append(ups).Append((byte)' ').Append(name)
                    .Append(" \""u8).Append(r.Min).Append("\" \""u8).Append(r.Max).Append("\"\n"u8);
        }
        else
        {
            // ENUM entries are stored escaped already (upsd's ADDENUM).
            foreach (var e in v.Enums)
                output.Append("ENUM "u8).Append(ups).Append((byte)' ').Append(name).Append(" \""u8).Append(e).Append("\"\n"u8);
        }
        output.Append("END LIST "u8).Append(header).Append((byte)'\n');
    }

    /// <summary>GET TYPE: <c>[ RW][ ENUM][ RANGE]</c> then <c> STRING:n</c> or <c> NUMBER</c>.</summary>
    public static void GetType(OutputBuffer output, Device device, ReadOnlySpan<byte> ups, ReadOnlySpan<byte> name)
    {
        var snapshot = device.Current;
        if (!CheckAvailable(output, device, snapshot)) return;
        if (snapshot.Find(name) is not { } v) { output.Error(NutError.VarNotSupported); return; }
        output.Append("TYPE "u8).Append(ups).Append((byte)' ').Append(name);
        if (v.IsWritable) output.Append(" RW"u8);
        if (!v.Enums.IsEmpty) output.Append(" ENUM"u8);
        if (!v.Ranges.IsEmpty) output.Append(" RANGE"u8);
        if (v.IsString) output.Append(" STRING:"u8).Append(v.Aux);
        else output.Append(" NUMBER"u8);
        output.Append((byte)'\n');
    }

    /// <summary>LIST CLIENT: the device's configured name and each logged-in address, newest first (no availability check).</summary>
    public static void ListClients(OutputBuffer output, Device device, ReadOnlySpan<byte> header)
    {
        output.Append("BEGIN LIST "u8).Append(header).Append((byte)'\n');
        foreach (var address in device.LoginAddresses())
            output.Append("CLIENT "u8).Append(device.Name).Append((byte)' ').Append(address).Append((byte)'\n');
        output.Append("END LIST "u8).Append(header).Append((byte)'\n');
    }
}
