using System.Runtime.Versioning;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NutSharp.Config;
using NutSharp.Drivers.Enphase;

namespace NutSharp.Host;

/// <summary>
/// The Enphase IQ Gateway pollers of nutsharp.toml's <c>[enphase] monitors</c>, run inside the
/// server next to the dummy-ups sections they feed: one process does both. A poller's failure
/// never reaches the server: a fatal condition (no token, a bad config) is logged and the poller
/// starts again after <see cref="RestartDelay"/>, as systemd restarts the script's unit.
/// Started after the server has switched to its user, so the files are written as that user.
/// </summary>
internal sealed class EnphaseMonitorService(ServeOptions options, LoadedConfiguration config, ILoggerFactory loggers) : BackgroundService
{
    /// <summary>The script's unit restarts it 30 s after it dies (RestartSec=30).</summary>
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(30);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var monitors = config.Settings.Enphase.Monitors;
        return Task.WhenAll(monitors.Select(m => Task.Run(() => OperatingSystem.IsLinux() ? RunAsync(m, stoppingToken) : Task.CompletedTask, CancellationToken.None)));
    }

    [SupportedOSPlatform("linux")]
    private async Task RunAsync(EnphaseMonitorSetting setting, CancellationToken stop)
    {
        var logger = loggers.CreateLogger("nutsharp.enphase");
        var log = new LoggerEnphaseLog(logger, setting.Section);
        var section = config.Ups.Devices.FirstOrDefault(d => d.Name == setting.Section);
        var where = $"{config.Settings.Path}:{setting.Line}:{setting.Column}";
        if (section is null)
        {
            logger.LogError("{Where}: enphase monitor for section '{Section}', which ups.conf does not have; not started", where, setting.Section);
            return;
        }
        var path = setting.Config is { } configured
            ? Path.IsPathRooted(configured) ? configured : Path.Combine(options.ConfPath, configured)
            : Path.Combine(options.ConfPath, $"enphase-{setting.Section}.conf");
        // The script's environment, as the server knows it: the section is the UPS, and the state
        // directory is the server's unless the config or the environment says otherwise.
        string? Environment(string name) => name switch
        {
            "NUT_CONFPATH" or "NUT_SYSCONFIG" => options.ConfPath,
            "NUT_STATEPATH" => config.StatePath,
            "NUT_LOCALSTATE" => System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : config.StatePath,
            "UPS" => setting.Section,
            _ => System.Environment.GetEnvironmentVariable(name),
        };

        while (!stop.IsCancellationRequested)
        {
            try
            {
                var monitorConfig = EnphaseConfig.Load(path, setting.Section, Environment);
                if (section.Port is { } port && DummyUpsPath(port) != Path.GetFullPath(monitorConfig.PortFile))
                    logger.LogWarning("enphase {Section}: PORT_FILE {PortFile} is not the section's port {Port}: the section will not see the gateway",
                        setting.Section, monitorConfig.PortFile, DummyUpsPath(port));
                logger.LogInformation("enphase {Section}: polling {Host} every {Seconds} s into {PortFile}",
                    setting.Section, monitorConfig.Test is null ? monitorConfig.EnvoyHost : "nothing (TEST mode: canned answers)",
                    monitorConfig.PollFrequency, monitorConfig.PortFile);
                await new EnphaseMonitor(monitorConfig, log).RunAsync(EnphaseRunMode.Continuous, stop);
                return;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Fatal for the poller (EnphaseFatalException, a usage error) or a bug: never for the server.
                logger.LogError("enphase {Section}: {Message}; starting again in {Seconds} s", setting.Section, e.Message, RestartDelay.TotalSeconds);
            }
            try
            {
                await Task.Delay(RestartDelay, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        string DummyUpsPath(string port) => Path.GetFullPath(NutSharp.Drivers.DummyUps.DefinitionFile.Resolve(port, options.ConfPath));
    }
}

/// <summary>The poller's messages in the server's log, named by section.</summary>
internal sealed class LoggerEnphaseLog(ILogger logger, string section) : IEnphaseLog
{
    public void Debug(string message, int level = 1)
    {
        if (level <= 1) logger.LogDebug("enphase {Section}: {Message}", section, message);
        else logger.LogTrace("enphase {Section}: {Message}", section, message);
    }

    public void Verbose(string message) => logger.LogInformation("enphase {Section}: {Message}", section, message);

    public void Warn(string message) => logger.LogWarning("enphase {Section}: {Message}", section, message);
}
