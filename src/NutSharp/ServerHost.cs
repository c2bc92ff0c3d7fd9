using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NutSharp.Devices;
using NutSharp.Http;

namespace NutSharp.Host;

/// <summary>
/// The composition root of `nutsharp serve`: logging, systemd, the configuration, the one
/// <see cref="DeviceStore"/> and the front-ends that read it. A new front-end (HTTP next) is one
/// more hosted service here, taking the store from dependency injection.
/// </summary>
internal static class ServerHost
{
    /// <param name="addFrontEnds">More services to register (tests add a front-end of their own).</param>
    public static IHost Build(ServeOptions options, LoadedConfiguration config, RunAsUser runAs, Action<IServiceCollection>? addFrontEnds = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        // Under systemd the journal's stream, with priorities; else the terminal, as upsd -F; and
        // when detached, syslog too (upsd's background() switches to syslog), since the terminal is gone.
        if (Logging.LogSettings.JournalDescriptor() is int journal)
            builder.Logging.AddProvider(new Logging.LineLoggerProvider(Logging.JournalSink.ForDescriptor(journal)));
        else
        {
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
            if (options.DetachedServer) builder.Logging.AddProvider(new Logging.LineLoggerProvider(new Logging.SyslogSink(options.Logging)));
        }
        // upsd's -D levels, raised by DEBUG_MIN and changed by a reload (Logging/DebugLevel.cs):
        // every message goes through the filter, which reads the level of the moment.
        var debugLevel = new Logging.DebugLevel(options.Debug, config.Upsd.DebugMin);
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddFilter((_, level) => debugLevel.Allows(level));
        builder.Services.AddSingleton(debugLevel);
        // systemd's notify protocol is spoken by NutService and the heartbeat (Systemd/), not by
        // Microsoft.Extensions.Hosting.Systemd, which stays silent unless systemd is the parent process.
        builder.Services.AddSingleton(_ => Systemd.ServiceManagerNotifier.FromEnvironment());
        // The hosting banner ("Hosting environment", "Content root path") means nothing to a NUT user.
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(config);
        builder.Services.AddSingleton(runAs);
        // The one device store: drivers publish into it, every front-end (the NUT server, later HTTP) reads it.
        builder.Services.AddSingleton(_ => new DeviceStore(new TrackingRegistry()));
        builder.Services.AddSingleton(new LiveConfiguration(config));
        // HTTP only when nutsharp.toml's [http] names an address: otherwise nothing of it is loaded.
        // Started before the NUT service, whose start ends by dropping root (upsd's become_user),
        // so HTTP can bind a privileged port and read a root-only key as the NUT listeners do.
        if (config.Settings.Http.Enabled)
        {
            builder.Services.AddSingleton<IHttpConfiguration>(s => s.GetRequiredService<LiveConfiguration>());
            builder.Services.AddSingleton<IServerStatistics, HostStatistics>();
            builder.Services.AddHostedService<HttpFrontEnd>();
        }
        builder.Services.AddSingleton<NutService>();
        builder.Services.AddHostedService(s => s.GetRequiredService<NutService>());
        builder.Services.AddHostedService<Systemd.ServiceManagerHeartbeat>();
        builder.Services.AddHostedService<EnphaseMonitorService>();
        addFrontEnds?.Invoke(builder.Services);
        return builder.Build();
    }
}
