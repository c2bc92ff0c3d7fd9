using System.Globalization;
using NutSharp.Integration.Tests.Host;

namespace NutSharp.Integration.Tests.Http;

/// <summary>
/// HTTP off costs nothing at run time: without a listen address the front-end is never built or
/// started, so the server opens no socket but NUT's; with HTTP on one process serves both.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class HttpOffTests
{
    [TestCase("")]
    [TestCase("[http]\nlisten = []\nrequire_login_for_reads = true\n")]
    public async Task Without_a_listen_address_only_the_nut_listener_is_open(string settings)
    {
        using var sandbox = new HostSandbox();
        if (settings.Length > 0) sandbox.Write("nutsharp.toml", settings);
        var run = await sandbox.StartServingAsync();
        Assert.That(ListeningPorts(run.Pid), Is.EqualTo(new[] { sandbox.Port }));
        Assert.That(run.Output, Does.Not.Contain("HTTP"));
    }

    [Test]
    public async Task With_http_on_one_process_serves_nut_and_http()
    {
        using var sandbox = new HttpSandbox();
        var run = await sandbox.StartAsync();
        Assert.That(ListeningPorts(run.Pid), Is.EquivalentTo(new[] { sandbox.Host.Port, sandbox.HttpPort }), "one process, both listeners");
    }

    [Test]
    public async Task The_server_idles_in_less_memory_with_http_off_than_on()
    {
        using var off = new HostSandbox();
        var offRun = await off.StartServingAsync();
        using var on = new HttpSandbox();
        var onRun = await on.StartAsync();
        using (await on.Client.GetAsync("metrics")) { }
        Assert.That(ListeningPorts(onRun.Pid), Is.EquivalentTo(new[] { on.Host.Port, on.HttpPort }));
        long offKb = ResidentKilobytes(offRun.Pid), onKb = ResidentKilobytes(onRun.Pid);
        TestContext.Out.WriteLine($"idle RSS: HTTP off {offKb} KB, HTTP on (after one scrape) {onKb} KB");
        Assert.That(offKb, Is.LessThan(onKb));
    }

    /// <summary>The TCP ports the process listens on (its socket inodes matched against /proc/net/tcp and tcp6, state LISTEN).</summary>
    private static int[] ListeningPorts(int pid)
    {
        var inodes = new HashSet<string>();
        foreach (var fd in Directory.GetFiles($"/proc/{pid}/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal)) inodes.Add(target[8..^1]);
            }
            catch (IOException) { /* closed meanwhile */ }
        }
        var ports = new SortedSet<int>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f[3] == "0A" && inodes.Contains(f[9])) ports.Add(int.Parse(f[1][(f[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        return [.. ports];
    }

    private static long ResidentKilobytes(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
