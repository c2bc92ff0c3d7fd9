using NutSharp.Config;
using NutSharp.Devices;
using NutSharp.Protocol;
using NutSharp.Server.Commands;

namespace NutSharp.Http.Writes;

/// <summary>
/// SET VAR, INSTCMD and FSD for the HTTP front-end: upsd's checks in upsd's order (as
/// <see cref="CommandProcessor"/> makes them for a NUT session: the device's availability, the
/// user's right, the variable or command, the value), then the request goes to the device's driver
/// with a tracking id, and the driver's result is awaited, so HTTP reports what happened rather
/// than only that the request was handed over.
/// </summary>
public sealed class DeviceWrites(TimeProvider time)
{
    /// <summary>How long a write waits for the driver's result before answering "pending" (PeaNUT's own NUT timeout is 10 s).</summary>
    public static readonly TimeSpan ResultWait = TimeSpan.FromSeconds(10);

    public async Task<WriteOutcome> SetVariableAsync(Device device, UserAccount user, string name, string value, CancellationToken cancellationToken)
    {
        var snapshot = device.Current;
        if (Unavailable(device, snapshot) is { } unavailable) return WriteOutcome.Refused(unavailable);
        if (!user.HasAction("SET")) return WriteOutcome.Refused(NutError.AccessDenied);
        if (snapshot.Find(name) is not { } variable) return WriteOutcome.Refused(NutError.VarNotSupported);
        if (HasControlCharacters(value)) return WriteOutcome.Refused(NutError.InvalidArgument);
        if (WriteRules.CheckSetValue(variable, value) is { } refused) return WriteOutcome.Refused(refused);

        string id = device.Tracking.NewId();
        device.Tracking.Register(id);
        if (device.Driver?.SetVariable(name, value, id) != DeviceRequestResult.Accepted) return WriteOutcome.Refused(NutError.SetFailed);
        return await AwaitResultAsync(device, id, cancellationToken).ConfigureAwait(false);
    }

    public async Task<WriteOutcome> InstantCommandAsync(Device device, UserAccount user, string command, string? parameter, CancellationToken cancellationToken)
    {
        var snapshot = device.Current;
        if (Unavailable(device, snapshot) is { } unavailable) return WriteOutcome.Refused(unavailable);
        if (!snapshot.HasCommand(command)) return WriteOutcome.Refused(NutError.CmdNotSupported);
        if (!user.MayRunCommand(command)) return WriteOutcome.Refused(NutError.AccessDenied);
        if (parameter is not null && HasControlCharacters(parameter)) return WriteOutcome.Refused(NutError.InvalidArgument);

        string id = device.Tracking.NewId();
        device.Tracking.Register(id);
        if (device.Driver?.InstantCommand(command, parameter, id) != DeviceRequestResult.Accepted) return WriteOutcome.Refused(NutError.InstcmdFailed);
        return await AwaitResultAsync(device, id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>upsd's FSD: the device must exist and the user hold the FSD action; the latch is set even while the driver is away.</summary>
    public static WriteOutcome ForcedShutdown(Device device, UserAccount user)
    {
        if (!user.HasAction("FSD")) return WriteOutcome.Refused(NutError.AccessDenied);
        device.SetFsd();
        return new WriteOutcome(WriteResult.Done, null, null);
    }

    private static NutError? Unavailable(Device device, DeviceSnapshot snapshot) => device.Availability(snapshot) switch
    {
        Availability.NotConnected => NutError.DriverNotConnected,
        Availability.Stale => NutError.DataStale,
        _ => null,
    };

    /// <summary>A NUT client cannot send a line break or other control character inside a word: neither can HTTP.</summary>
    private static bool HasControlCharacters(string text) => text.AsSpan().IndexOfAnyInRange('\0', '\x1f') >= 0 || text.Contains('\x7f');

    /// <summary>Waits for the driver's tracking result: checked at short, growing intervals (the registry has no notification), up to <see cref="ResultWait"/>.</summary>
    private async Task<WriteOutcome> AwaitResultAsync(Device device, string id, CancellationToken cancellationToken)
    {
        long started = time.GetTimestamp();
        var interval = TimeSpan.FromMilliseconds(2);
        while (true)
        {
            switch (device.Tracking.Get(id))
            {
                case TrackingStatus.Success: return new WriteOutcome(WriteResult.Done, null, id);
                case TrackingStatus.Pending: break;
                case TrackingStatus.InvalidArgument: return new WriteOutcome(WriteResult.Failed, NutError.InvalidArgument, id);
                case TrackingStatus.Failed: return new WriteOutcome(WriteResult.Failed, NutError.Failed, id);
                default: return new WriteOutcome(WriteResult.Failed, NutError.Unknown, id);
            }
            if (time.GetElapsedTime(started) >= ResultWait) return new WriteOutcome(WriteResult.Pending, null, id);
            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            if (interval < TimeSpan.FromMilliseconds(100)) interval *= 2;
        }
    }
}
