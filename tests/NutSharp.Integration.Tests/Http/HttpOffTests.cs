using System.Globalization;
using NutSharp.Integration.Tests.Host;

namespace NutSharp.Integration.Tests.Http;

/// <summary>
/// HTTP off costs nothing: `nutsharp` is built without the HTTP front-end and runs as it is, opening
/// no socket but NUT's; with HTTP on it becomes `nutsharp-http` (execv, same PID) and serves both.
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
        Assert.That(Image(run.Pid), Is.EqualTo("nutsharp"), "the image without HTTP keeps running");
    }

    [Test]
    public async Task With_http_on_the_same_process_becomes_the_http_image()
    {
        using var sandbox = new HttpSandbox();
        var run = await sandbox.StartAsync();
        Assert.That(Image(run.Pid), Is.EqualTo("nutsharp-http"));
        Assert.That(ListeningPorts(run.Pid), Is.EquivalentTo(new[] { sandbox.Host.Port, sandbox.HttpPort }), "one process, both listeners");
    }

    [Test]
    public void Without_the_http_image_beside_it_http_on_stops_start_up_naming_the_setting()
    {
        using var sandbox = new HttpSandbox();
        string lone = Path.Combine(sandbox.Host.Root, "lone", "nutsharp");
        Directory.CreateDirectory(Path.GetDirectoryName(lone)!);
        File.Copy(HostSandbox.Binary, lone);
        sandbox.Host.Write("nutsharp.toml", sandbox.SettingsText());
        var run = sandbox.Host.StartProgram(lone, null, "serve", "-F", "-u", "root");
        Assert.That(run.WaitForExit(HostSandbox.Patience), Is.True);
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Stderr, Does.Contain($"nutsharp: {sandbox.Host.ConfPath("nutsharp.toml")}:2:11: HTTP is configured but {lone}-http is missing"));
    }

    /// <summary>The file name of the program the process runs now.</summary>
    private static string Image(int pid) => Path.GetFileName(new FileInfo($"/proc/{pid}/exe").LinkTarget!);

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
