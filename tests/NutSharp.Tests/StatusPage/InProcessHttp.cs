using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using NutSharp.Config;
using NutSharp.Devices;
using NutSharp.Http;
using NutSharp.Testing;

namespace NutSharp.Tests.StatusPage;

/// <summary>
/// The HTTP front-end in this process, on a free loopback port, over a device store the test fills
/// itself (devices no driver of this branch can make, such as a teleinfo meter). Real Kestrel,
/// real routes, real Basic login against an upsd.users text.
/// </summary>
public sealed class InProcessHttp : IAsyncDisposable
{
    public const string Users = """
        [admin]
        	password = adminpass
        	actions = SET FSD
        	instcmds = ALL

        [operator]
        	password = oppass
        	actions = SET
        	instcmds = test.battery.start

        [watcher]
        	password = watchpass
        	upsmon secondary

        """;

    private readonly HttpFrontEnd _frontEnd;

    private sealed class Configuration(HttpSettings http) : IHttpConfiguration
    {
        public UpsdUsers Users { get; } = UpsdUsersReader.Parse(InProcessHttp.Users, "upsd.users");
        public CmdVarTab Descriptions => CmdVarTab.Empty;
        public HttpSettings Http => http;
    }

    /// <summary>The NUT server's figures for /metrics: none here, the page's routes do not read them.</summary>
    private sealed class NoStatistics : IServerStatistics
    {
        public int NutConnections => 0;
        public long NutConnectionsAccepted => 0;
        public IReadOnlyList<KeyValuePair<string, long>> NutRequests => [];
        public long Reloads => 0;
        public long FailedReloads => 0;
    }

    private InProcessHttp(DeviceStore store, HttpFrontEnd frontEnd, int port)
    {
        Store = store;
        _frontEnd = frontEnd;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = Wait.DefaultTimeout };
    }

    public DeviceStore Store { get; }

    public HttpClient Client { get; }

    /// <param name="settings">More [http] lines (history_size, require_login_for_reads, ...).</param>
    public static async Task<InProcessHttp> StartAsync(DeviceStore store, string settings = "")
    {
        int port = SpecServerReadiness.PickFreePort();
        var http = NutSharpSettingsReader.Parse($"[http]\nlisten = [\"127.0.0.1:{port}\"]\n{settings}", "/etc/nut/nutsharp.toml").Http;
        var frontEnd = new HttpFrontEnd(store, new Configuration(http), new NoStatistics(), NullLoggerFactory.Instance);
        await frontEnd.StartAsync(CancellationToken.None);
        return new InProcessHttp(store, frontEnd, port);
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>A GET with Basic credentials (none when <paramref name="user"/> is null).</summary>
    public async Task<HttpResponseMessage> GetAsync(string path, string? user = null, string? password = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (user is not null) request.Headers.Authorization = Basic(user, password ?? "");
        return await Client.SendAsync(request);
    }

    /// <summary>Stops the front-end as the server's host does when it stops.</summary>
    public Task StopAsync() => _frontEnd.StopAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _frontEnd.StopAsync(CancellationToken.None);
        await _frontEnd.DisposeAsync();
    }
}
