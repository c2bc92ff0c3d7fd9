using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Clients;

/// <summary>
/// A NUT server for the client tests, on a free loopback port in its own temporary directory:
/// <c>nutsharp</c> (the native NutSharp) or <c>upsd</c> (Debian's upsd 2.8.0 with real dummy-ups
/// drivers, the reference the same tests must pass against). The scripted fake driver, when the
/// configuration has one, feeds either server. Everything it starts is stopped on dispose.
/// </summary>
public sealed class ClientsServer : IAsyncDisposable
{
    public const string NutSharpKind = "nutsharp";
    public const string UpsdKind = "upsd";

    private readonly ClientsConfiguration _configuration;
    private readonly Dictionary<string, ClientsBackgroundProcess> _drivers = new(StringComparer.OrdinalIgnoreCase);
    private ClientsBackgroundProcess? _server;
    private FakeNutDriver? _fakeDriver;

    public ClientsServer(string kind, ClientsConfiguration configuration)
    {
        if (kind is not (NutSharpKind or UpsdKind)) throw new ArgumentException($"unknown server kind {kind}", nameof(kind));
        Kind = kind;
        _configuration = configuration;
        Directory = Path.Combine(Path.GetTempPath(), $"nutsharp-clients-{kind}-{Guid.NewGuid().ToString("N")[..8]}");
        Port = SpecServerReadiness.PickFreePort();
    }

    public string Kind { get; }

    public int Port { get; }

    public string Directory { get; }

    /// <summary><c>127.0.0.1:port</c>, as given to <c>upsc -l</c>.</summary>
    public string HostPort => $"127.0.0.1:{Port}";

    public FakeNutDriver FakeDriver => _fakeDriver ?? throw new InvalidOperationException("this configuration has no fake driver");

    /// <summary>The environment every NUT program of this setup runs with.</summary>
    public IReadOnlyDictionary<string, string> NutEnvironment => new Dictionary<string, string>
    {
        ["NUT_CONFPATH"] = Directory,
        ["NUT_STATEPATH"] = Directory,
        ["NUT_ALTPIDPATH"] = Directory,
    };

    /// <summary>Stops the fixture when this kind of server cannot run here (upsd needs Debian's nut-server).</summary>
    public static void RequireInstalled(string kind)
    {
        if (kind == UpsdKind) TestPaths.RequireInstalled(TestPaths.Upsd, TestPaths.DummyUps);
    }

    /// <summary><c>ups@127.0.0.1:port</c>, as given to upsc, upsrw, upscmd and upslog.</summary>
    public string Target(string ups) => $"{ups}@{HostPort}";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _configuration.WriteFiles(Directory, Port);
        if (_configuration.FakeDump is { } dump)
        {
            _fakeDriver = new FakeNutDriver(SpecConfiguration.FakeDriverSocketPath(Directory), dump);
            _fakeDriver.Start();
        }
        var realDrivers = Kind == UpsdKind ? _configuration.DummyUps : _configuration.ExternalDummyUps;
        foreach (var ups in realDrivers) await StartDummyUpsAsync(ups, cancellationToken);
        _server = Kind == UpsdKind
            ? ClientsBackgroundProcess.Start(TestPaths.Upsd, ["-u", "root", "-F"], NutEnvironment, Directory)
            : ClientsBackgroundProcess.Start(NutSharpBinary(), NutSharpArguments(), NutEnvironment, Directory);
        var server = _server;
        try
        {
            await SpecServerReadiness.WaitUntilReadyAsync("127.0.0.1", Port, _configuration.AllUps, () => !server.HasExited, cancellationToken);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{Kind} did not become ready: {e.Message}\n{Diagnostics()}", e);
        }
    }

    /// <summary>Starts Debian's dummy-ups for <paramref name="ups"/> and waits for its socket.</summary>
    public async Task StartDummyUpsAsync(string ups, CancellationToken cancellationToken)
    {
        if (_drivers.ContainsKey(ups)) return;
        string socketPath = Path.Combine(Directory, "dummy-ups-" + ups);
        var driver = ClientsBackgroundProcess.Start(TestPaths.DummyUps, ["-a", ups, "-u", "root", "-F"], NutEnvironment, Directory);
        _drivers[ups] = driver;
        await Wait.ForAsync(() => File.Exists(socketPath) || driver.HasExited, SpecServerReadiness.StartTimeout, cancellationToken);
        if (File.Exists(socketPath)) return;
        if (driver.HasExited) throw new InvalidOperationException($"dummy-ups for {ups} exited:\n{driver}");
        throw new TimeoutException($"dummy-ups for {ups} created no socket:\n{driver}");
    }

    /// <summary>Stops the real dummy-ups of <paramref name="ups"/> (SIGTERM: it removes its socket).</summary>
    public async Task StopDummyUpsAsync(string ups)
    {
        if (_drivers.Remove(ups, out var driver)) await driver.DisposeAsync();
    }

    /// <summary>Server and driver output, for failure messages.</summary>
    public string Diagnostics()
    {
        var text = new System.Text.StringBuilder();
        if (_server is not null) text.Append("--- server ---\n").Append(_server);
        foreach (var (ups, driver) in _drivers) text.Append($"--- driver {ups} ---\n").Append(driver);
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        _server = null;
        foreach (var driver in _drivers.Values) await driver.DisposeAsync();
        _drivers.Clear();
        _fakeDriver?.Dispose();
        _fakeDriver = null;
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { /* a late socket file; the directory name is unique anyway */ }
    }

    /// <summary>
    /// With <c>-u root</c>, as upsd and dummy-ups are started here: the directory and the real
    /// drivers' sockets belong to whoever runs the tests, not to NUT's user.
    /// </summary>
    private string[] NutSharpArguments() =>
        _configuration.ExternalDummyUps.Count == 0
            ? ["serve", "-F", "-u", "root"]
            : ["serve", "-F", "-u", "root", "--external-dummy-ups", string.Join(',', _configuration.ExternalDummyUps)];

    /// <summary><see cref="TestPaths.NutSharpBinary"/>, which must have been built.</summary>
    private static string NutSharpBinary()
    {
        string binary = TestPaths.NutSharpBinary;
        if (!File.Exists(binary)) Assert.Ignore($"NutSharp binary {binary} not built (make artifacts/bin/nutsharp)");
        return binary;
    }
}
