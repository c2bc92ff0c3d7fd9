using System.Diagnostics;
using System.Globalization;

namespace NutSharp.Integration.Tests.Host;

/// <summary>One started <c>nutsharp</c> process: its PID, exit, output files, signals and memory.</summary>
public sealed class HostRun(Process process, string stdoutPath, string stderrPath) : IDisposable
{
    public int Pid { get; } = process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public string Stdout => ReadShared(stdoutPath);

    public string Stderr => ReadShared(stderrPath);

    /// <summary>Everything the process (and a server it detached) has written so far.</summary>
    public string Output => Stdout + Stderr;

    public bool WaitForExit(TimeSpan timeout) => process.WaitForExit(timeout);

    /// <summary>Sends SIGHUP (what upsd -c reload does) with kill(1).</summary>
    public void SendHangup() => SendSignal(Pid, "HUP");

    public static void SendSignal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, pid.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0) Assert.Fail($"kill -{signal} {pid} failed");
    }

    /// <summary>VmRSS of the process, in kB.</summary>
    public long ResidentKilobytes()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        throw new InvalidOperationException("no VmRSS for " + Pid);
    }

    /// <summary>True when <paramref name="pid"/> is alive and is nutsharp run with this sandbox's config directory.</summary>
    public static bool IsSandboxServer(int pid, string confDir)
    {
        try
        {
            if (File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z") return false;
            var environ = File.ReadAllText($"/proc/{pid}/environ");
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("nutsharp", StringComparison.Ordinal)
                && environ.Contains("NUT_CONFPATH=" + confDir + "\0", StringComparison.Ordinal);
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    private static string ReadShared(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (FileNotFoundException) { return ""; }
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException) { /* already gone */ }
        process.Dispose();
    }
}
