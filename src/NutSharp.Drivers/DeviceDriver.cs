using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using NutSharp.Config;
using NutSharp.Devices;

namespace NutSharp.Drivers;

/// <summary>
/// A driver feeding one <see cref="Device"/>. It publishes batches through <see cref="BeginUpdate"/>
/// and receives SET and INSTCMD through <see cref="IDeviceDriver"/>; it never sees a client.
/// </summary>
/// <remarks>
/// <para>Most drivers derive from <see cref="PolledDriver"/> (read the device every poll interval)
/// or <see cref="StreamedDriver"/> (parse what a device sends). This base gives every driver:</para>
/// <list type="bullet">
/// <item>the variables NUT's driver core publishes for every driver (<c>device.type</c>,
/// <c>driver.name</c>, <c>driver.version</c>, <c>driver.version.internal</c>,
/// <c>driver.parameter.*</c> and <c>driver.flag.*</c> from the ups.conf section), published with the
/// first batch after each (re)connection;</item>
/// <item>SET and INSTCMD queued for the driver's own loop: the front-end's thread only enqueues,
/// so a driver stuck on slow I/O never holds up a client. The outcome goes to tracking.</item>
/// </list>
/// <para><see cref="RunAsync"/> runs until cancelled. An exception other than an expected device
/// fault escaping it is treated as a crash: the host shows the device not connected and starts a
/// fresh instance after a delay (<see cref="DriverSupervisor"/>).</para>
/// </remarks>
public abstract class DeviceDriver : IDeviceDriver
{
    /// <summary>The NUT release whose drivers NutSharp's stand in for (what <c>driver.version</c> says).</summary>
    public const string NutVersion = "2.8.0";

    /// <summary>
    /// Requests waiting beyond this many are refused (SET-FAILED): a stuck driver must not gather an
    /// unbounded queue, while a client pipelining a few hundred SETs in one write is still served.
    /// </summary>
    public const int MaxPendingRequests = 1024;

    private readonly Channel<DriverRequest> _requests = Channel.CreateBounded<DriverRequest>(
        new BoundedChannelOptions(MaxPendingRequests) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private bool _startAfresh;

    protected DeviceDriver(DriverContext context)
    {
        Context = context;
        Log = context.LoggerFactory.CreateLogger("NutSharp.Drivers." + GetType().Name);
    }

    public DriverContext Context { get; }

    public Device Device => Context.Device;

    public UpsSection Section => Context.Section;

    protected ILogger Log { get; }

    protected TimeProvider Time => Context.Time;

    /// <summary>What ups.conf's <c>driver =</c> says for this driver, and <c>driver.name</c> shows (e.g. <c>dummy-ups</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The driver's own version (<c>driver.version.internal</c>).</summary>
    public abstract string InternalVersion { get; }

    /// <summary><c>device.type</c> unless the driver publishes its own.</summary>
    protected virtual string DeviceType => "ups";

    /// <summary>How the log names this driver: <c>dummy-ups [myups]</c>.</summary>
    protected string Subject => $"{Name} [{Section.Name}]";

    /// <summary>Called (on the driver's thread) when the driver publishes its first batch after a (re)connection.</summary>
    internal event Action? Published;

    /// <summary>Runs the driver until <paramref name="cancellationToken"/> is cancelled.</summary>
    public abstract Task RunAsync(CancellationToken cancellationToken);

    // ---------------------------------------------------------------- publishing

    /// <summary>
    /// Opens a batch on the device. The first batch after <see cref="StartAfresh"/> first wipes the
    /// table and publishes the driver-core variables, and ends with the link up and the data
    /// vouched for, so readers go straight from the old state to the complete new one.
    /// </summary>
    protected DeviceUpdate BeginUpdate()
    {
        var update = Device.BeginUpdate();
        if (_startAfresh)
        {
            _startAfresh = false;
            update.LinkUp(showWait: false);
            PublishCoreVariables(update);
            update.DataOk();
            update.DumpDone();
            NotifyPublished();
        }
        return update;
    }

    /// <summary>Tells the supervisor the driver is working (its first batch after a connection is out).</summary>
    protected void NotifyPublished()
    {
        HasPublished = true;
        Published?.Invoke();
    }

    /// <summary>The driver has published data at least once (so a later fault can show as stale rather than not connected).</summary>
    protected bool HasPublished { get; private set; }

    /// <summary>The next <see cref="BeginUpdate"/> starts from an empty table, as a freshly started NUT driver does.</summary>
    protected void StartAfresh() => _startAfresh = true;

    /// <summary>Commits the fresh start if the driver has published nothing since <see cref="StartAfresh"/>.</summary>
    protected void EnsureStarted()
    {
        if (!_startAfresh) return;
        using (BeginUpdate())
        {
        }
    }

    /// <summary>The device is unreachable: either no driver at all (DRIVER-NOT-CONNECTED) or a driver that cannot vouch for its data (DATA-STALE).</summary>
    protected void ShowFault(bool notConnected)
    {
        using var update = Device.BeginUpdate();
        if (notConnected) update.LinkDown();
        else if (update.IsConnected) update.DataStale();
    }

    /// <summary>What NUT's driver core publishes for every driver (drivers/main.c), from the ups.conf section.</summary>
    private void PublishCoreVariables(DeviceUpdate update)
    {
        update.SetInfo("device.type", DeviceType);
        update.SetInfo("driver.name", Name);
        update.SetInfo("driver.version", NutVersion);
        update.SetInfo("driver.version.internal", InternalVersion);
        update.SetInfo("driver.parameter.port", Section.Port ?? "");
        foreach (var (key, value) in Section.Options)
        {
            // Taken by the driver core itself and not stored as parameters; pollinterval and synchronous are reported below.
            if (key is "driver" or "port" or "desc" or "sdorder" or "debug_min" or "pollinterval" or "synchronous") continue;
            if (key.StartsWith("override.", StringComparison.OrdinalIgnoreCase) || key.StartsWith("default.", StringComparison.OrdinalIgnoreCase))
                continue;
            if (value is null) update.SetInfo("driver.flag." + key, "enabled");
            else update.SetInfo("driver.parameter." + key, value);
        }
        update.SetInfo("driver.parameter.pollinterval", Context.PollIntervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        update.SetInfo("driver.parameter.synchronous", Section.Option("synchronous") switch
        {
            null or "auto" => "auto",
            "yes" => "yes",
            _ => "no",
        });
        PublishDriverParameters(update);
    }

    /// <summary>Parameters a driver reports in its own way (dummy-ups: the resolved <c>mode</c>).</summary>
    protected virtual void PublishDriverParameters(DeviceUpdate update)
    {
    }

    // ---------------------------------------------------------------- SET and INSTCMD

    public virtual DeviceRequestResult SetVariable(string name, string value, string? trackingId) =>
        Enqueue(new DriverRequest(DriverRequestKind.SetVariable, name, value, trackingId));

    public virtual DeviceRequestResult InstantCommand(string name, string? parameter, string? trackingId) =>
        Enqueue(new DriverRequest(DriverRequestKind.InstantCommand, name, parameter, trackingId));

    /// <summary>Never blocks: the request waits for the driver's loop, or is refused when the device is down or the queue full.</summary>
    private DeviceRequestResult Enqueue(DriverRequest request)
    {
        if (Device.Current.Connected && _requests.Writer.TryWrite(request)) return DeviceRequestResult.Accepted;
        Complete(request, TrackingStatus.Failed);
        return DeviceRequestResult.Failed;
    }

    /// <summary>Requests waiting for the driver's loop.</summary>
    protected ChannelReader<DriverRequest> Requests => _requests.Reader;

    /// <summary>Runs every waiting request now (on the caller's thread, which must be the driver's).</summary>
    public async ValueTask ServePendingRequestsAsync(CancellationToken cancellationToken = default)
    {
        while (_requests.Reader.TryRead(out var request))
        {
            int status = request.Kind == DriverRequestKind.SetVariable
                ? await SetVariableAsync(request.Name, request.Argument ?? "", cancellationToken).ConfigureAwait(false)
                : await InstantCommandAsync(request.Name, request.Argument, cancellationToken).ConfigureAwait(false);
            Complete(request, status);
        }
    }

    /// <summary>Refuses every waiting request (the device went away before the driver could serve them).</summary>
    protected void FailPendingRequests()
    {
        while (_requests.Reader.TryRead(out var request)) Complete(request, TrackingStatus.Failed);
    }

    private void Complete(DriverRequest request, int status)
    {
        if (request.TrackingId is { } id) Device.CompleteTracking(id, status);
    }

    /// <summary>SET VAR on the driver's loop; returns a <see cref="TrackingStatus"/> value. By default the driver knows no variable to set.</summary>
    protected virtual ValueTask<int> SetVariableAsync(string name, string value, CancellationToken cancellationToken) =>
        new(TrackingStatus.Unknown);

    /// <summary>INSTCMD on the driver's loop; returns a <see cref="TrackingStatus"/> value. By default the driver knows no command.</summary>
    protected virtual ValueTask<int> InstantCommandAsync(string name, string? parameter, CancellationToken cancellationToken) =>
        new(TrackingStatus.Unknown);

    /// <summary>An expected failure of the device (reported, then retried), as opposed to a bug (the driver is restarted).</summary>
    protected virtual bool IsDeviceFault(Exception exception) =>
        exception is DriverFaultException or IOException or UnauthorizedAccessException or TimeoutException
            or System.Net.Sockets.SocketException;

    /// <summary>The text a fault is logged with.</summary>
    protected static string Describe(Exception exception) => exception switch
    {
        DriverFaultException => exception.Message,
        UnauthorizedAccessException => "permission denied: " + exception.Message,
        _ => exception.Message,
    };

    /// <summary>
    /// Waits <paramref name="delay"/> on the driver's clock, serving requests as they arrive, or
    /// refusing them when <paramref name="serve"/> is false (the device is down).
    /// </summary>
    protected async Task WaitServingRequestsAsync(TimeSpan delay, bool serve, CancellationToken cancellationToken)
    {
        using var waitCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var elapsed = Task.Delay(delay, Time, waitCancel.Token);
        try
        {
            while (true)
            {
                var arrived = _requests.Reader.WaitToReadAsync(waitCancel.Token).AsTask();
                if (await Task.WhenAny(elapsed, arrived).ConfigureAwait(false) == elapsed)
                {
                    await waitCancel.CancelAsync().ConfigureAwait(false);
                    await ((Task)arrived).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    break;
                }
                if (serve) await ServePendingRequestsAsync(cancellationToken).ConfigureAwait(false);
                else FailPendingRequests();
            }
        }
        finally
        {
            await waitCancel.CancelAsync().ConfigureAwait(false);
            await elapsed.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        cancellationToken.ThrowIfCancellationRequested();
    }
}
