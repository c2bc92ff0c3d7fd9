using System.Net;
using System.Net.Http.Headers;
using System.Text;
using NutSharp.Integration.Tests.Host;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Http;

/// <summary>
/// The native <c>nutsharp</c> with its HTTP front-end on: a <see cref="HostSandbox"/> (NUT on a
/// free loopback port, dummy-ups devices ups1 and ups2, users admin and watcher) whose
/// nutsharp.toml has an <c>[http]</c> table listening on another free loopback port. Start it with
/// <see cref="StartAsync"/>; it is ready when every device has data over NUT and HTTP answers.
/// </summary>
public sealed class HttpSandbox : IDisposable
{
    private HttpClient? _client;

    public HttpSandbox()
    {
        Host = new HostSandbox();
        HttpPort = SpecServerReadiness.PickFreePort();
    }

    /// <summary>The NUT side: configuration directory, NUT port, processes.</summary>
    public HostSandbox Host { get; }

    public int HttpPort { get; }

    /// <summary>More lines for the <c>[http]</c> table (e.g. <c>require_login_for_reads = true</c>), set before starting.</summary>
    public string ExtraHttpSettings { get; set; } = "";

    /// <summary>Serve HTTPS with this PEM certificate and key (copied into the configuration directory), set before starting.</summary>
    public (string Certificate, string Key)? Tls { get; set; }

    public HostRun? Server { get; private set; }

    /// <summary>The NUT driver behind <c>fake</c> once <see cref="UseSpecConfiguration"/> is called.</summary>
    public FakeNutDriver? FakeDriver { get; private set; }

    /// <summary>The devices the server must have data for before the sandbox counts as started.</summary>
    public IReadOnlyList<string> Devices { get; set; } = HostSandbox.DefaultUps;

    /// <summary>
    /// Serves the shared spec configuration instead of the host sandbox's (protocol.md section 16:
    /// dummy1 and dummy2 through the built-in dummy-ups, <c>fake</c> through a scripted NUT driver
    /// socket with RW, ENUM, RANGE and STRING variables and commands with every tracking result; the
    /// users admin, limited, readonly, monprimary...). Call before starting.
    /// </summary>
    public void UseSpecConfiguration()
    {
        SpecConfiguration.WriteTo(Host.ConfDir, Host.Port);
        FakeDriver = new FakeNutDriver(SpecConfiguration.FakeDriverSocketPath(Host.StateDir));
        FakeDriver.Start();
        Devices = SpecConfiguration.AllUps;
    }

    public string Scheme => Tls is null ? "http" : "https";

    public Uri BaseAddress => new($"{Scheme}://127.0.0.1:{HttpPort}/");

    /// <summary>A client for <see cref="BaseAddress"/> (with TLS, it trusts exactly the sandbox's certificate).</summary>
    public HttpClient Client => _client ??= NewClient();

    /// <summary>The nutsharp.toml the sandbox writes.</summary>
    public string SettingsText()
    {
        var text = new StringBuilder();
        text.Append("[http]\n");
        text.Append($"listen = [\"127.0.0.1:{HttpPort}\"]\n");
        if (Tls is { } tls)
        {
            File.Copy(tls.Certificate, Host.ConfPath("http-cert.pem"), overwrite: true);
            File.Copy(tls.Key, Host.ConfPath("http-key.pem"), overwrite: true);
            text.Append("tls_certificate = \"http-cert.pem\"\ntls_key = \"http-key.pem\"\n");
        }
        text.Append(ExtraHttpSettings);
        return text.ToString();
    }

    /// <summary>Writes nutsharp.toml, starts <c>serve -F</c>, and waits until NUT and HTTP both answer.</summary>
    public async Task<HostRun> StartAsync(params string[] extraFlags)
    {
        Host.Write("nutsharp.toml", SettingsText());
        Server = Host.Start(["serve", "-F", .. extraFlags]);
        await Host.WaitUntilServingAsync(Server, Devices);
        bool answering = await Wait.ForAsync(async () =>
        {
            if (Server.HasExited) return true;
            try
            {
                using var probe = NewClient();
                using var response = await probe.GetAsync("api/ping");
                return response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        });
        if (!answering || Server.HasExited)
            Assert.Fail($"HTTP front-end not answering on {BaseAddress}\nstdout: {Server.Stdout}\nstderr: {Server.Stderr}");
        return Server;
    }

    /// <summary>Basic credentials for a request.</summary>
    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private HttpClient NewClient()
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) };
        if (Tls is { } tls)
        {
            var trusted = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(tls.Certificate));
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHashString() == trusted.GetCertHashString();
        }
        return new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = Wait.DefaultTimeout };
    }

    public void Dispose()
    {
        _client?.Dispose();
        Host.Dispose();
        FakeDriver?.Dispose();
    }
}
