using NutSharp.Protocol;
using NutSharp.Server.Replies;

namespace NutSharp.Server.Commands;

// LIST UPS / VAR / RW / CMD / CLIENT / ENUM / RANGE (upsd's netlist.c order). An error replaces the
// BEGIN line; it never appears inside a list. The header repeats the client's arguments as typed.
public sealed partial class CommandProcessor
{
    private void List(Session session, Args args, OutputBuffer output)
    {
        if (args.Count == 0) { output.Error(NutError.InvalidArgument); return; }
        var sub = args[0];

        if (Verbs.Is(sub, "UPS"u8))
        {
            output.Append("BEGIN LIST UPS\n"u8);
            foreach (var device in Devices.Devices)
            {
                output.Append("UPS "u8).Append(device.Name).Append((byte)' ');
                if (device.Description is { } desc) output.AppendEscapedQuoted(desc);
                else output.Append("\"Description unavailable\""u8);
                output.NewLine();
            }
            output.Append("END LIST UPS\n"u8);
            return;
        }
        if (args.Count < 2) { output.Error(NutError.InvalidArgument); return; }

        var upsName = args[1];
        Span<byte> headerBuffer = stackalloc byte[WordParser.MaxWordLength * 2 + 16];
        if (Verbs.Is(sub, "VAR"u8) || Verbs.Is(sub, "RW"u8))
        {
            bool rw = sub.Length == 2;
            if (Devices.Find(upsName) is not { } device) { output.Error(NutError.UnknownUps); return; }
            DeviceReplies.ListVariables(output, device, Header(headerBuffer, rw ? "RW"u8 : "VAR"u8, upsName, default, false), upsName, rw);
        }
        else if (Verbs.Is(sub, "CMD"u8))
        {
            if (Devices.Find(upsName) is not { } device) { output.Error(NutError.UnknownUps); return; }
            DeviceReplies.ListCommands(output, device, Header(headerBuffer, "CMD"u8, upsName, default, false), upsName);
        }
        else if (Verbs.Is(sub, "CLIENT"u8))
        {
            if (Devices.Find(upsName) is not { } device) { output.Error(NutError.UnknownUps); return; }
            DeviceReplies.ListClients(output, device, Header(headerBuffer, "CLIENT"u8, upsName, default, false));
        }
        else if (args.Count < 3) output.Error(NutError.InvalidArgument);
        else if (Verbs.Is(sub, "ENUM"u8) || Verbs.Is(sub, "RANGE"u8))
        {
            bool range = sub.Length == 5;
            if (Devices.Find(upsName) is not { } device) { output.Error(NutError.UnknownUps); return; }
            var varName = args[2];
            DeviceReplies.ListEnumOrRange(output, device, Header(headerBuffer, range ? "RANGE"u8 : "ENUM"u8, upsName, varName, true), upsName, varName, range);
        }
        else output.Error(NutError.InvalidArgument);
    }

    /// <summary>"SUB ups[ var]": what follows BEGIN LIST / END LIST.</summary>
    private static ReadOnlySpan<byte> Header(Span<byte> buffer, ReadOnlySpan<byte> sub, ReadOnlySpan<byte> ups, ReadOnlySpan<byte> variable, bool withVariable)
    {
        int n = 0;
        sub.CopyTo(buffer); n += sub.Length;
        buffer[n++] = (byte)' ';
        ups.CopyTo(buffer[n..]); n += ups.Length;
        if (withVariable)
        {
            buffer[n++] = (byte)' ';
            variable.CopyTo(buffer[n..]); n += variable.Length;
        }
        return buffer[..n];
    }
}
