using System.Diagnostics;
using System.Text;

namespace NutSharp.Integration.Tests.Clients;

/// <summary>What a finished client run left behind: exit code and everything it printed.</summary>
public sealed record ClientsProcessResult(string CommandLine, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Both streams, for assertions on messages a client may print to either one.</summary>
    public string Output => Stdout + Stderr;

    public override string ToString() =>
        $"$ {CommandLine}\n[exit {ExitCode}]\n--- stdout ---\n{Stdout}--- stderr ---\n{Stderr}";
}

/// <summary>
/// Runs one client program to completion, capturing stdout, stderr and the exit code. A run that
/// does not finish within the (generous) timeout is killed and reported as a failure, so a client
/// that hangs on a server bug fails its test instead of blocking the suite.
/// </summary>
public static class ClientsProcess
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static Task<ClientsProcessResult> RunAsync(string fileName, params string[] arguments) =>
        RunAsync(fileName, arguments, environment: null, DefaultTimeout);

    public static async Task<ClientsProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment,
        TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        string commandLine = Describe(fileName, start.ArgumentList);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {commandLine}");
        // No client under test reads stdin; closing it keeps any prompt from waiting forever.
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{commandLine} did not finish within {timeout}:\n{await stdout}{await stderr}");
        }
        return new ClientsProcessResult(commandLine, process.ExitCode, await stdout, await stderr);
    }

    public static string Describe(string fileName, IEnumerable<string> arguments)
    {
        var text = new StringBuilder(fileName);
        foreach (var argument in arguments)
            text.Append(' ').Append(argument.Contains(' ') || argument.Length == 0 ? $"'{argument}'" : argument);
        return text.ToString();
    }
}
