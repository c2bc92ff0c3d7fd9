using NutSharp.Devices;
using NutSharp.Protocol;
using NutSharp.Server.Replies;

namespace NutSharp.Server.Commands;

// SET VAR, SET TRACKING and INSTCMD (upsd's netset.c and netinstcmd.c): validated here, then
// handed to the device's driver. OK only means "handed over"; the result comes back later
// through tracking, and a changed value through the driver's own update.
public sealed partial class CommandProcessor
{
    private void Set(Session session, Args args, OutputBuffer output)
    {
        if (args.Count < 2) { output.Error(NutError.InvalidArgument); return; }
        var sub = args[0];
        if (Verbs.Is(sub, "VAR"u8) && args.Count >= 4) { SetVar(session, args, output); return; }
        if (Verbs.Is(sub, "TRACKING"u8))
        {
            if (Verbs.Is(args[1], "ON"u8)) session.Tracking = true;
            else if (Verbs.Is(args[1], "OFF"u8)) session.Tracking = false;
            else { output.Error(NutError.InvalidArgument); return; }
            output.Append("OK\n"u8);
            return;
        }
        output.Error(NutError.InvalidArgument);
    }

    private void SetVar(Session session, Args args, OutputBuffer output)
    {
        // upsd draws a tracking id before validating anything, so failed attempts use one up too.
        string? trackingId = session.Tracking ? Devices.Tracking.NewId() : null;

        if (Devices.Find(args[1]) is not { } device) { output.Error(NutError.UnknownUps); return; }
        var snapshot = device.Current;
        if (!DeviceReplies.CheckAvailable(output, device, snapshot)) return;
        if (!Access.HasAction(Options, session, "SET")) { output.Error(NutError.AccessDenied); return; }
        if (snapshot.Find(args[2]) is not { } variable) { output.Error(NutError.VarNotSupported); return; }
        var value = args.String(3);
        if (WriteRules.CheckSetValue(variable, value) is { } refused) { output.Error(refused); return; }

        if (trackingId is not null) Devices.Tracking.Register(trackingId);
        if (device.Driver?.SetVariable(args.String(2), value, trackingId) != DeviceRequestResult.Accepted)
        {
            output.Error(NutError.SetFailed);
            return;
        }
        WriteOk(output, trackingId);
    }

    private void InstCmd(Session session, Args args, OutputBuffer output)
    {
        if (args.Count < 2) { output.Error(NutError.InvalidArgument); return; }
        string? trackingId = session.Tracking ? Devices.Tracking.NewId() : null;

        if (Devices.Find(args[0]) is not { } device) { output.Error(NutError.UnknownUps); return; }
        var snapshot = device.Current;
        if (!DeviceReplies.CheckAvailable(output, device, snapshot)) return;
        if (!snapshot.HasCommand(args[1])) { output.Error(NutError.CmdNotSupported); return; }
        var command = args.String(1);
        if (!Access.MayRunCommand(Options, session, command)) { output.Error(NutError.AccessDenied); return; }

        // The parameter counts only with exactly three arguments; with more, upsd drops it silently.
        string? parameter = args.Count == 3 ? args.String(2) : null;
        if (trackingId is not null) Devices.Tracking.Register(trackingId);
        if (device.Driver?.InstantCommand(command, parameter, trackingId) != DeviceRequestResult.Accepted)
        {
            output.Error(NutError.InstcmdFailed);
            return;
        }
        WriteOk(output, trackingId);
    }

    private static void WriteOk(OutputBuffer output, string? trackingId)
    {
        if (trackingId is null) output.Append("OK\n"u8);
        else output.Append("OK TRACKING "u8).Append(trackingId).NewLine();
    }
}
