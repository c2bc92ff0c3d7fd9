using System.Diagnostics;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests;

/// <summary>
/// NutSharp serving the <see cref="SpecConfiguration"/> layout (built-in dummy-ups for dummy1/dummy2,
/// socket driver for <c>fake</c>), so the transcript cases run against it exactly as against upsd.
/// </summary>
public sealed class NutSharpServer : INutServerUnderTest
{
    /// <summary>The nutsharp cases run whenever a NutSharp build exists (the native binary, or the dll).</summary>
    public static bool IsWired => true;

    private Process? _server;
    private FakeNutDriver? _fakeDriver;

    public NutSharpServer()
    {
        Directory = Path.Combine(Path.GetTempPath(), "nutsharp-spec-nutsharp-" + Guid.NewGuid().ToString("N")[..8]);
        Port = SpecServerReadiness.PickFreePort();
    }

    public string Kind => "nutsharp";

    public string Host => "127.0.0.1";

    public int Port { get; }

    public string Directory { get; }

    public ISpecFakeDriver FakeDriver => _fakeDriver ?? throw new InvalidOperationException("server not started");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _fakeDriver = SpecServerReadiness.PrepareDirectory(Directory, Port);
        _server = StartServerProcess();
        await SpecServerReadiness.WaitUntilReadyAsync(Host, Port, SpecConfiguration.AllUps, () => !_server.HasExited, cancellationToken);
    }

    public async Task StopAsync()
    {
        if (_server is not null)
        {
            using var server = _server;
            _server = null;
            if (!server.HasExited)
            {
                server.Kill();
                await server.WaitForExitAsync();
            }
        }
        _fakeDriver?.Dispose();
        _fakeDriver = null;
    }

    /// <summary>NutSharp's dummy-ups reports DRIVER-NOT-CONNECTED while its port file is missing (the "-nocomms" convention).</summary>
    public Task StopDriverAsync(string upsName, CancellationToken cancellationToken)
    {
        string port = Path.Combine(Directory, SpecConfiguration.DummyDevices[upsName]);
        File.Move(port, port + "-nocomms");
        return Task.CompletedTask;
    }

    public Task StartDriverAsync(string upsName, CancellationToken cancellationToken)
    {
        string port = Path.Combine(Directory, SpecConfiguration.DummyDevices[upsName]);
        if (File.Exists(port + "-nocomms")) File.Move(port + "-nocomms", port);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { /* unique temp dir; leaving it is harmless */ }
    }

    /// <summary>Runs artifacts/bin/nutsharp (native) if present, else `dotnet nutsharp.dll`, with the spec directory as config and state path.</summary>
    private Process StartServerProcess()
    {
        string root = TestPaths.RepositoryRoot;
        string native = TestPaths.NutSharpBinary;
        string dll = System.IO.Directory.Exists(Path.Combine(root, "src", "NutSharp", "bin"))
            ? System.IO.Directory.GetFiles(Path.Combine(root, "src", "NutSharp", "bin"), "nutsharp.dll", SearchOption.AllDirectories).FirstOrDefault() ?? ""
            : "";
        var start = File.Exists(native) ? new ProcessStartInfo(native) : new ProcessStartInfo("dotnet") { ArgumentList = { dll } };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add("-F");
        // As RealUpsd runs upsd: the directory and the fake driver's socket belong to whoever runs
        // the tests, so a server started as root keeps root instead of becoming NUT's user.
        start.ArgumentList.Add("-u");
        start.ArgumentList.Add("root");
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = Directory;
        start.Environment["NUT_CONFPATH"] = Directory;
        start.Environment["NUT_STATEPATH"] = Directory;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start nutsharp");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
