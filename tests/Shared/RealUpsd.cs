using System.Diagnostics;

namespace NutSharp.Testing;

/// <summary>
/// Debian's real upsd 2.8.0 with real dummy-ups drivers for dummy1/dummy2 and a scripted fake driver
/// for <c>fake</c>, all in a private temporary directory laid out by <see cref="SpecConfiguration"/>.
/// It is the reference every transcript case must pass against.
/// </summary>
public sealed class RealUpsd : INutServerUnderTest
{
    private readonly Dictionary<string, Process> _drivers = new(StringComparer.OrdinalIgnoreCase);
    private Process? _upsd;
    private FakeNutDriver? _fakeDriver;

    public RealUpsd()
    {
        Directory = Path.Combine(Path.GetTempPath(), "nutsharp-spec-upsd-" + Guid.NewGuid().ToString("N")[..8]);
        Port = SpecServerReadiness.PickFreePort();
    }

    public string Kind => "upsd";

    public string Host => "127.0.0.1";

    public int Port { get; }

    public string Directory { get; }

    public ISpecFakeDriver FakeDriver => _fakeDriver ?? throw new InvalidOperationException("server not started");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _fakeDriver = SpecServerReadiness.PrepareDirectory(Directory, Port);
        foreach (var ups in SpecConfiguration.DummyDevices.Keys) await StartDriverAsync(ups, cancellationToken);
        _upsd = StartNutProcess(TestPaths.Upsd, "-u", "root", "-F");
        await SpecServerReadiness.WaitUntilReadyAsync(Host, Port, SpecConfiguration.AllUps, () => !_upsd.HasExited, cancellationToken);
    }

    public async Task StopAsync()
    {
        if (_upsd is not null) await StopProcessAsync(_upsd);
        _upsd = null;
        foreach (var driver in _drivers.Values) await StopProcessAsync(driver);
        _drivers.Clear();
        _fakeDriver?.Dispose();
        _fakeDriver = null;
    }

    public async Task StopDriverAsync(string upsName, CancellationToken cancellationToken)
    {
        if (_drivers.Remove(upsName, out var driver)) await StopProcessAsync(driver);
    }

    public async Task StartDriverAsync(string upsName, CancellationToken cancellationToken)
    {
        if (_drivers.ContainsKey(upsName)) return;
        var driver = StartNutProcess(TestPaths.DummyUps, "-a", upsName, "-u", "root", "-F");
        _drivers[upsName] = driver;
        // dummy-ups creates its socket once it has read its port file; upsd retries until then, but
        // waiting here keeps start-up ordered and surfaces a driver that dies straight away.
        string socketPath = Path.Combine(Directory, "dummy-ups-" + upsName);
        await Wait.ForAsync(() => File.Exists(socketPath) || driver.HasExited, SpecServerReadiness.StartTimeout, cancellationToken);
        if (File.Exists(socketPath)) return;
        if (driver.HasExited) throw new InvalidOperationException($"dummy-ups for {upsName} exited with {driver.ExitCode}");
        throw new TimeoutException($"dummy-ups for {upsName} created no socket");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { /* a late socket file; the temp dir is still unique */ }
    }

    private Process StartNutProcess(string path, params string[] arguments)
    {
        var start = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["NUT_CONFPATH"] = Directory;
        start.Environment["NUT_STATEPATH"] = Directory;
        start.Environment["NUT_ALTPIDPATH"] = Directory;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {path}");
        // Drain the logs so a chatty process never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task StopProcessAsync(Process process)
    {
        using (process)
        {
            if (process.HasExited) return;
            // SIGTERM lets the NUT processes remove their sockets and pid files.
            Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await process.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException) { process.Kill(entireProcessTree: true); }
        }
    }
}
