using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace NutSharp.Integration.Tests.Clients;

/// <summary>
/// A long-running process a test starts and later stops (a server, a driver, upslog): its output is
/// collected for failure messages, and <see cref="StopAsync"/> ends it with SIGTERM (so NUT programs
/// remove their sockets and pid files), falling back to SIGKILL.
/// </summary>
public sealed class ClientsBackgroundProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();

    private ClientsBackgroundProcess(Process process, string commandLine)
    {
        _process = process;
        CommandLine = commandLine;
    }

    public string CommandLine { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Exit code once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Everything printed so far on stdout and stderr, interleaved as received.</summary>
    public string Output
    {
        get { lock (_outputLock) return _output.ToString(); }
    }

    public static ClientsBackgroundProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        string commandLine = ClientsProcess.Describe(fileName, start.ArgumentList);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {commandLine}");
        var background = new ClientsBackgroundProcess(process, commandLine);
        process.OutputDataReceived += (_, e) => background.Append(e.Data);
        process.ErrorDataReceived += (_, e) => background.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return background;
    }

    /// <summary>SIGTERM, then SIGKILL if it is still there after a while. Safe to call twice.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            kill?.WaitForExit();
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Waits for the process to end by itself; false if it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); }
        finally { _process.Dispose(); }
    }

    public override string ToString() => $"$ {CommandLine}\n{Output}";

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_outputLock) _output.AppendLine(line);
    }
}
