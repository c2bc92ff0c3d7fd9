using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NutSharp.Config;
using NutSharp.Devices;

namespace NutSharp.Http;

/// <summary>
/// The HTTP front-end as a hosted service of the server: Kestrel on the <c>[http]</c> listen
/// addresses of nutsharp.toml, serving the routes of <see cref="HttpRouteGroups"/> from the one
/// <see cref="DeviceStore"/>. The host registers it only when <c>[http]</c> names an address, so
/// with HTTP off none of this is loaded.
/// <para>
/// The web application is built with <see cref="WebApplication.CreateEmptyBuilder"/> plus Kestrel's
/// core and routing's core, which is what <c>CreateSlimBuilder</c> sets up minus its configuration
/// sources: the slim builder would also read appsettings.json from the working directory (watching
/// it for changes) and ASPNETCORE_* variables (ASPNETCORE_URLS would open listeners nutsharp.toml
/// does not name). Here nutsharp.toml is the only configuration.
/// </para>
/// </summary>
public sealed class HttpFrontEnd(DeviceStore store, IHttpConfiguration configuration, IServerStatistics statistics, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger("nutsharp.http");
    private WebApplication? _app;

    /// <summary>The addresses served, as URLs, once started.</summary>
    public IReadOnlyList<string> Urls { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = configuration.Http;
        var certificate = LoadCertificate(settings);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggers));
        // Kestrel's and routing's own chatter (a line per request) stays out of a UPS server's log.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.WebHost.UseKestrelCore();
        if (certificate is not null) builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseSockets(o => o.CreateBoundListenSocket = BindListenSocket);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            foreach (var listen in settings.Listen)
                kestrel.Listen(listen.EndPoint, l =>
                {
                    // HTTP/2 needs TLS's protocol negotiation; in plain text, HTTP/1.1 only (said, not warned about).
                    l.Protocols = certificate is null ? HttpProtocols.Http1 : HttpProtocols.Http1AndHttp2;
                    if (certificate is not null) l.UseHttps(certificate);
                });
        });
        builder.Services.AddRoutingCore();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, HttpJson.Default));
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(configuration);
        builder.Services.AddSingleton(statistics);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<HttpLogin>();
        builder.Services.AddSingleton<Writes.DeviceWrites>();

        var app = builder.Build();
        app.UseMiddleware<ReadLoginMiddleware>();
        HttpRouteGroups.Map(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw ListenError(settings, e);
        }
        _app = app;
        Urls = [.. settings.Listen.Select(l => $"{(certificate is null ? "http" : "https")}://{FormatEndPoint(l.EndPoint)}")];
        _logger.LogInformation("HTTP front-end listening on {Urls}", string.Join(", ", Urls));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null) await _app.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync().ConfigureAwait(false);
        _app = null;
    }

    /// <summary>
    /// Binds as upsd binds its listeners: an IPv6 socket takes IPv6 only (IPV6_V6ONLY), so
    /// <c>0.0.0.0:8080</c> and <c>[::]:8080</c> can both be listed, each meaning its own family.
    /// </summary>
    private static Socket BindListenSocket(EndPoint endPoint)
    {
        if (endPoint is not IPEndPoint ip) return SocketTransportOptions.CreateDefaultBoundListenSocket(endPoint);
        var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (ip.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = false;
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(ip);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The certificate and key named in [http], read once at start; a problem names the setting's file and line.</summary>
    private static X509Certificate2? LoadCertificate(HttpSettings settings)
    {
        if (settings.TlsCertificate is not { } certificate || settings.TlsKey is not { } key) return null;
        foreach (var file in new[] { certificate, key })
            if (!File.Exists(file.Path)) throw file.Error($"{file.Path}: no such file");
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificate.Path, key.Path);
            // A certificate built from PEM keeps its key in memory only; exported and loaded again it
            // is usable by the TLS stack on every platform.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw certificate.Error($"cannot use {certificate.Path} with {key.Path} for HTTPS: {e.Message}");
        }
    }

    private static ConfigException ListenError(HttpSettings settings, IOException e)
    {
        // Kestrel names the address it could not bind; point at that entry of 'listen' when it can be told.
        var entry = settings.Listen.FirstOrDefault(l => e.Message.Contains(FormatEndPoint(l.EndPoint), StringComparison.Ordinal)) ?? settings.Listen[0];
        return entry.Error($"cannot listen for HTTP on {entry.Text}: {(e.InnerException ?? e).Message}");
    }

    private static string FormatEndPoint(IPEndPoint endPoint) =>
        endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endPoint.Address}]:{endPoint.Port}" : $"{endPoint.Address}:{endPoint.Port}";
}
