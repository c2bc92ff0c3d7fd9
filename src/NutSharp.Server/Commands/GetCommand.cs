using NutSharp.Devices;
using NutSharp.Protocol;
using NutSharp.Server.Replies;

namespace NutSharp.Server.Commands;

// GET TRACKING / NUMLOGINS / UPSDESC / VAR / TYPE / DESC / CMDDESC (upsd's netget.c order).
public sealed partial class CommandProcessor
{
    private void Get(Session session, Args args, OutputBuffer output)
    {
        if (args.Count == 0) { output.Error(NutError.InvalidArgument); return; }
        var sub = args[0];

        if (Verbs.Is(sub, "TRACKING"u8))
        {
            if (args.Count == 1) { output.Append(session.Tracking ? "ON\n"u8 : "OFF\n"u8); return; }
            if (!session.Tracking) { output.Error(NutError.FeatureNotConfigured); return; }
            WriteTrackingStatus(Devices.Tracking.Get(args.String(1)), output);
            return;
        }
        if (args.Count < 2) { output.Error(NutError.InvalidArgument); return; }

        var upsName = args[1];
        if (Verbs.Is(sub, "NUMLOGINS"u8))
        {
            if (!FindAvailable(upsName, output, out var device)) return;
            output.Append("NUMLOGINS "u8).Append(upsName).Append((byte)' ').Append(device.NumLogins).NewLine();
            return;
        }
        if (Verbs.Is(sub, "UPSDESC"u8))
        {
            if (Devices.Find(upsName) is not { } device) { output.Error(NutError.UnknownUps); return; }
            output.Append("UPSDESC "u8).Append(upsName).Append((byte)' ');
            if (device.Description is { } desc) output.AppendEscapedQuoted(desc); else output.Append("\"Unavailable\""u8);
            output.NewLine();
            return;
        }
        if (args.Count < 3) { output.Error(NutError.InvalidArgument); return; }

        var name = args[2];
        if (Verbs.Is(sub, "VAR"u8)) GetVar(upsName, name, output);
        else if (Verbs.Is(sub, "TYPE"u8))
        {
            if (Devices.Find(upsName) is not { } device) { output.Error(NutError.UnknownUps); return; }
            DeviceReplies.GetType(output, device, upsName, name);
        }
        else if (Verbs.Is(sub, "DESC"u8) || Verbs.Is(sub, "CMDDESC"u8))
        {
            bool command = sub.Length == 7;
            if (!FindAvailable(upsName, output, out _)) return;
            var key = args.String(2);
            var text = command ? Options.Descriptions.CommandDescription(key) : Options.Descriptions.VarDescription(key);
            output.Append(command ? "CMDDESC "u8 : "DESC "u8).Append(upsName).Append((byte)' ').Append(name)
                .Append(" \""u8).Append(text ?? "Description unavailable").Append("\"\n"u8);
        }
        else output.Error(NutError.InvalidArgument);
    }

    private void GetVar(ReadOnlySpan<byte> upsName, ReadOnlySpan<byte> name, OutputBuffer output)
    {
        // server.* is answered without looking the UPS up, and always printed in lower case.
        if (name.Length >= 7 && Verbs.Is(name[..7], "SERVER."u8))
        {
            if (Verbs.Is(name, "SERVER.INFO"u8))
                output.Append("VAR "u8).Append(upsName).Append(" server.info \""u8).Append(VersionText).Append("\"\n"u8);
            else if (Verbs.Is(name, "SERVER.VERSION"u8))
                output.Append("VAR "u8).Append(upsName).Append(" server.version \""u8).Append(ServerVersion).Append("\"\n"u8);
            else output.Error(NutError.VarNotSupported);
            return;
        }
        if (Devices.Find(upsName) is not { } device) { output.Error(NutError.UnknownUps); return; }
        DeviceReplies.GetVar(output, device, upsName, name);
    }

    private static void WriteTrackingStatus(int? status, OutputBuffer output)
    {
        switch (status)
        {
            case TrackingStatus.Pending: output.Append("PENDING\n"u8); break;
            case TrackingStatus.Success: output.Append("SUCCESS\n"u8); break;
            case TrackingStatus.InvalidArgument: output.Error(NutError.InvalidArgument); break;
            case TrackingStatus.Failed: output.Error(NutError.Failed); break;
            default: output.Error(NutError.Unknown); break; // 1, any other number, and unknown ids
        }
    }

    /// <summary>UNKNOWN-UPS, then upsd's availability check (DRIVER-NOT-CONNECTED, DATA-STALE).</summary>
    private bool FindAvailable(ReadOnlySpan<byte> upsName, OutputBuffer output, out Device device)
    {
        device = Devices.Find(upsName)!;
        if (device is null) { output.Error(NutError.UnknownUps); return false; }
        return DeviceReplies.CheckAvailable(output, device, device.Current);
    }
}
