using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NutSharp.Config;
using NutSharp.Devices;
using NutSharp.Drivers;
using NutSharp.Drivers.Selection;
using NutSharp.Server;

namespace NutSharp.Host;

/// <summary>
/// The running server: the device store, one driver per ups.conf section, and the listeners.
/// SIGHUP (or `nutsharp serve -c reload`) re-reads the configuration as upsd does.
/// </summary>
internal sealed class NutService(ServeOptions options, LoadedConfiguration initial, DeviceStore devices, RunAsUser runAs, LiveConfiguration live, ILoggerFactory loggers)
    : IHostedService
{
    private readonly ILogger _logger = loggers.CreateLogger("nutsharp");
    private readonly DeviceStore _devices = devices;
    private readonly Dictionary<Device, RunningDriver> _drivers = [];
    private readonly SemaphoreSlim _reloadLock = new(1, 1);
    private NutServer? _server;
    private PosixSignalRegistration? _hangup;
    private readonly CancellationTokenSource _stopping = new();
    private LoadedConfiguration _config = initial;
    private long _reloads;
    private long _failedReloads;

    /// <summary>The NUT server, once started (for the statistics /metrics shows).</summary>
    public NutServer? Server => _server;

    public long Reloads => Interlocked.Read(ref _reloads);

    public long FailedReloads => Interlocked.Read(ref _failedReloads);

    private sealed record RunningDriver(DriverSupervisor Supervisor, UpsSection Section, ServedBy ServedBy, CancellationTokenSource Stop, Task Task);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolved first, as upsd does before it reads ups.conf: a LISTEN line getaddrinfo refuses
        // stops start-up with upsd.conf:LINE.
        List<System.Net.IPEndPoint> endpoints;
        try
        {
            endpoints = NutServer.ResolveListen(_config.Upsd.Listen, Path.Combine(options.ConfPath, "upsd.conf"), options.IPv4Only, options.IPv6Only);
        }
        catch (ConfigException e)
        {
            throw new StartupException(e.Message);
        }

        _devices.Tracking.DelaySeconds = _config.Upsd.TrackingDelay;
        // The devices exist before the first client can connect (they read DRIVER-NOT-CONNECTED until their drivers publish).
        var sections = _config.Ups.Devices;
        foreach (var section in sections) AddDevice(section, atFront: false);

        _server = new NutServer(_devices, BuildServerOptions(_config), loggers.CreateLogger("nutsharp.server"));
        try
        {
            // Without LISTEN lines upsd 2.8.0 carries on if ::1 is missing; with them, every listener must work.
            _server.Start(endpoints, allowPartial: _config.Upsd.AllowNotAllListeners || _config.Upsd.Listen.Count == 0);
        }
        catch (InvalidOperationException e)
        {
            throw new StartupException(e.Message);
        }

        // upsd 2.8.0 becomes its user right after binding (server_load, then become_user), and
        // NUT's drivers open their devices as that user: so the built-in drivers start only now.
        if (runAs.Become()) _logger.LogDebug("running as user {User} (uid {Uid}, gid {Gid})", runAs.Name, runAs.Account.Uid, runAs.Account.Gid);
        foreach (var section in sections) StartDriver(_devices.Find(section.Name)!, section);

        _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            _ = Task.Run(ReloadAsync);
        });
        _logger.LogInformation("serving {Count} device(s)", _devices.Devices.Count);
        return Task.CompletedTask;
    }

    private static ServerOptions BuildServerOptions(LoadedConfiguration config) => new()
    {
        Users = config.Users,
        Descriptions = config.Descriptions,
        MaxConnections = config.Upsd.MaxConn is int max ? Math.Max(1, max - config.Ups.Devices.Count) : null,
        // nutsharp.toml's [server] output_budget_mb, unless NUTSHARP_OUTPUT_BUDGET_MB overrides it (as the
        // environment overrides the file for [drivers]); without either, the server's default.
        OutputBudgetBytes = Environment.GetEnvironmentVariable(ServerOptions.OutputBudgetVariable) is { Length: > 0 }
            ? null
            : config.Settings.Server.OutputBudgetMegabytes * 1024 * 1024,
    };

    private Device AddDevice(UpsSection section, bool atFront)
    {
        var device = _devices.Add(section.Name, section.Description, atFront);
        device.MaxAgeSeconds = _config.Upsd.MaxAge;
        return device;
    }

    /// <summary>Runs the section's driver under a supervisor: a driver that crashes is restarted, the server carries on.</summary>
    private void StartDriver(Device device, UpsSection section)
    {
        var context = new DriverContext
        {
            Device = device,
            Section = section,
            ConfPath = options.ConfPath,
            StatePath = _config.StatePath,
            LoggerFactory = loggers,
            Time = _devices.Time,
        };
        var decision = _config.DriverFor(section);
        _logger.LogInformation("[{Device}] driver {Driver}: {Decision}", section.Name, section.Driver, decision);
        var supervisor = new DriverSupervisor(device, () => DriverFactory.Create(context, decision.ServedBy),
            loggers.CreateLogger("nutsharp.drivers"), _devices.Time);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var task = Task.Run(async () =>
        {
            try { await supervisor.RunAsync(stop.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        });
        _drivers[device] = new RunningDriver(supervisor, section, decision.ServedBy, stop, task);
    }

    private async Task StopDriverAsync(Device device)
    {
        if (!_drivers.Remove(device, out var running)) return;
        await running.Stop.CancelAsync().ConfigureAwait(false);
        try { await running.Task.ConfigureAwait(false); } catch (OperationCanceledException) { }
        running.Stop.Dispose();
        device.Driver = null;
    }

    /// <summary>
    /// upsd's reload: upsd.conf must be readable or nothing changes; devices that stay keep their
    /// data and FSD latch; new ones go in front; removed ones are dropped with their clients; a
    /// changed driver or port restarts the driver. LISTEN is not re-read.
    /// </summary>
    private async Task ReloadAsync()
    {
        await _reloadLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stopping.IsCancellationRequested) return; // shutting down: nothing to reload
            LoadedConfiguration next;
            try
            {
                next = LoadedConfiguration.Load(options);
            }
            catch (Exception e) when (e is ConfigException or DriverSelectionException)
            {
                _logger.LogError("reload abandoned: {Error}", e.Message);
                Interlocked.Increment(ref _failedReloads);
                return;
            }
            foreach (var w in next.Warnings) _logger.LogWarning("{Warning}", w);
            _config = next;
            live.Current = next;
            _devices.Tracking.DelaySeconds = next.Upsd.TrackingDelay;

            var wanted = next.Ups.Devices.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
            foreach (var device in _devices.Devices.ToList())
            {
                if (!wanted.TryGetValue(device.Name, out var section))
                {
                    await StopDriverAsync(device).ConfigureAwait(false);
                    _devices.Remove(device);
                    _server?.DisconnectClientsOf(device);
                    _logger.LogInformation("removed {Device}", device.Name);
                    continue;
                }
                device.Description = section.Description;
                device.MaxAgeSeconds = next.Upsd.MaxAge;
                // As upsd: a new desc keeps the data; a different driver, port or driver option
                // restarts the driver (upsd reconnects when the socket name changes), and so does a
                // change between NutSharp's built-in driver and NUT's process.
                var (old, oldServedBy) = (_drivers[device].Section, _drivers[device].ServedBy);
                if (old.Driver != section.Driver || old.Port != section.Port || !DriverOptions(old).SequenceEqual(DriverOptions(section))
                    || oldServedBy != next.DriverFor(section).ServedBy)
                {
                    await StopDriverAsync(device).ConfigureAwait(false);
                    StartDriver(device, section);
                }
            }
            foreach (var section in next.Ups.Devices)
                if (_devices.Find(section.Name) is null)
                {
                    StartDriver(AddDevice(section, atFront: true), section);
                    _logger.LogInformation("added {Device}", section.Name);
                }

            if (_server is not null) _server.Options = BuildServerOptions(next);
            _logger.LogInformation("configuration reloaded");
            Interlocked.Increment(ref _reloads);
        }
        finally
        {
            _reloadLock.Release();
        }
    }

    private static IEnumerable<KeyValuePair<string, string?>> DriverOptions(UpsSection section)
        => section.Options.Where(o => o.Key != "desc");

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _hangup?.Dispose();
        await _stopping.CancelAsync().ConfigureAwait(false);
        // A reload in progress finishes first, so it cannot start drivers behind our back.
        await _reloadLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        if (_server is not null) await _server.DisposeAsync().ConfigureAwait(false);
        foreach (var device in _drivers.Keys.ToList()) await StopDriverAsync(device).ConfigureAwait(false);
        _reloadLock.Release();
    }
}
