using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NutSharp.Host.Systemd;

/// <summary>
/// Keeps systemd informed while the server runs: STATUS= when the number of devices or clients
/// changes, and WATCHDOG=1 at half of WatchdogSec or more often (sd_watchdog_enabled(3) recommends half),
/// only after every event loop has answered, so a wedged server stops petting the watchdog and
/// systemd restarts it. Does nothing without NOTIFY_SOCKET.
/// </summary>
internal sealed class ServiceManagerHeartbeat(ServiceManagerNotifier notifier, NutService service, ILoggerFactory loggers) : BackgroundService
{
    /// <summary>How often the status line is looked at when no watchdog asks for more.</summary>
    private static readonly TimeSpan StatusPeriod = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan ShortestPeriod = TimeSpan.FromMilliseconds(10);

    private readonly ILogger _logger = loggers.CreateLogger("nutsharp.systemd");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!notifier.Enabled) return;
        var watchdog = ServiceManagerNotifier.WatchdogInterval();
        var period = watchdog is { } w && w / 2 < StatusPeriod ? w / 2 : StatusPeriod;
        if (period < ShortestPeriod) period = ShortestPeriod; // a WatchdogSec in microseconds must not make this spin
        if (watchdog is not null) _logger.LogDebug("systemd watchdog every {Seconds} s", (watchdog.Value / 2).TotalSeconds);
        string? lastStatus = null;
        using var timer = new PeriodicTimer(period);
        do
        {
            if (watchdog is { } interval)
            {
                // The loops must answer within the time left before systemd would give up.
                if (await service.ClientLoopsRespondAsync(interval / 2, stoppingToken).ConfigureAwait(false))
                    notifier.Watchdog();
                else _logger.LogError("an event loop did not answer within {Seconds} s: not telling systemd's watchdog that all is well", (interval / 2).TotalSeconds);
            }
            string status = service.StatusLine();
            if (status != lastStatus && service.IsServing)
            {
                notifier.Status(status);
                lastStatus = status;
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try { return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false); }
        catch (OperationCanceledException) { return false; }
    }
}
