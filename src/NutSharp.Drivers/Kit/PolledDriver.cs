namespace NutSharp.Drivers;

/// <summary>
/// A driver that reads its device every poll interval (NUT's upsdrv_updateinfo loop): connect,
/// poll, wait serving SET and INSTCMD, poll again. When the device fails, the fault is logged once,
/// the device shows as NUT would show it, and the kit reconnects after a growing delay; when it
/// works again, that is logged once and the table starts afresh.
/// </summary>
/// <remarks>
/// A derived driver implements <see cref="ConnectAsync"/> and <see cref="PollAsync"/>. Both throw
/// a <see cref="DriverFaultException"/> (or an I/O exception) when the device cannot be reached.
/// <see cref="PollAsync"/> does its reading first and then publishes everything it read in one
/// <see cref="DeviceDriver.BeginUpdate"/> batch.
/// </remarks>
public abstract class PolledDriver(DriverContext context) : DeviceDriver(context)
{
    private FaultLog? _faults;
    private bool _connected;
    private int _failures;

    /// <summary>Opens the device (or checks it is there).</summary>
    protected abstract ValueTask ConnectAsync(CancellationToken cancellationToken);

    /// <summary>One update cycle: read, then publish in one batch. The first poll after a connect publishes the whole table.</summary>
    protected abstract ValueTask PollAsync(CancellationToken cancellationToken);

    /// <summary>Releases the device after a fault or at the end.</summary>
    protected virtual ValueTask DisconnectAsync() => default;

    /// <summary>
    /// How a fault after the first data shows. False (the default): DATA-STALE, as a NUT driver
    /// that keeps running and reports DATASTALE. True: DRIVER-NOT-CONNECTED, as a NUT driver that
    /// exits when it loses its device (dummy-ups). Before the first data it is always not connected.
    /// </summary>
    protected virtual bool FaultShowsNotConnected => false;

    /// <summary>Delays between reconnection attempts.</summary>
    protected virtual RetryDelays Retry => RetryDelays.Default;

    private FaultLog Faults => _faults ??= new FaultLog(Log, Subject, Time);

    /// <summary>Update cycles completed or failed so far (lets tests wait for "one more cycle").</summary>
    public long Cycles => Interlocked.Read(ref _cycles);

    private long _cycles;

    public sealed override async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                bool ok = await PollOnceAsync(cancellationToken).ConfigureAwait(false);
                var wait = ok ? Context.PollInterval : Retry.After(_failures);
                await WaitServingRequestsAsync(wait, serve: ok, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // A driver that no longer runs is a driver upsd cannot reach.
            await CloseAsync().ConfigureAwait(false);
            FailPendingRequests();
            ShowFault(notConnected: true);
        }
    }

    /// <summary>
    /// One cycle: connect if needed, then poll. A device fault is reported and leaves the driver
    /// disconnected (the next cycle reconnects); other exceptions escape. Returns whether the device
    /// answered. <see cref="RunAsync"/> calls it every poll interval; tests may call it directly.
    /// </summary>
    public async Task<bool> PollOnceAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            if (!_connected)
            {
                await ConnectAsync(cancellationToken).ConfigureAwait(false);
                _connected = true;
                StartAfresh();
            }
            await PollAsync(cancellationToken).ConfigureAwait(false);
            EnsureStarted();
            _failures = 0;
            Faults.Cleared();
            return true;
        }
        catch (Exception e) when (IsDeviceFault(e) && !cancellationToken.IsCancellationRequested)
        {
            _failures++;
            Faults.Fault(Describe(e));
            await CloseAsync().ConfigureAwait(false);
            FailPendingRequests();
            ShowFault(notConnected: FaultShowsNotConnected || !HasPublished);
            return false;
        }
        finally
        {
            Interlocked.Increment(ref _cycles);
        }
    }

    private async ValueTask CloseAsync()
    {
        if (!_connected) return;
        _connected = false;
        await DisconnectAsync().ConfigureAwait(false);
    }
}
