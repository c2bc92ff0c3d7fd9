using System.Net.Sockets;
using NutSharp.Integration.Tests.Host;
using NutSharp.Tests.Shared;

namespace NutSharp.Integration.Tests.ConfigCorpus;

/// <summary>Whether a started server came to serve (answers VER on its port) or exited.</summary>
public sealed record StartupVerdict(bool Serves, int? ExitCode)
{
    /// <summary>
    /// Waits until the server answers <c>VER</c> on 127.0.0.1:<paramref name="port"/> or exits.
    /// A connection accepted but never answered (upsd binds before it reads ups.conf, and may
    /// still die) counts for nothing; the wait is bounded by <see cref="HostSandbox.Patience"/>.
    /// </summary>
    public static StartupVerdict Await(HostRun run, int port)
    {
        var deadline = DateTime.UtcNow + HostSandbox.Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (run.HasExited) return new StartupVerdict(false, run.ExitCode);
            try
            {
                using var client = new LineClient(port);
                client.Send("VER\n");
                if (client.ReadLine(1000) is { } reply && reply.StartsWith("Network UPS Tools", StringComparison.Ordinal))
                    return new StartupVerdict(true, null);
            }
            catch (SocketException)
            {
                // Not listening yet, or the read timed out: look again.
            }
            Thread.Sleep(50);
        }
        Assert.Fail($"neither serving nor exited after {HostSandbox.Patience.TotalSeconds} s\nstdout: {run.Stdout}\nstderr: {run.Stderr}");
        return null!;
    }

    public override string ToString() => Serves ? "serves" : $"refuses (exit status {ExitCode})";
}
