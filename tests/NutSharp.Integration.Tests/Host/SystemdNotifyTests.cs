using System.Globalization;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Host;

/// <summary>
/// systemd's notify protocol as a Type=notify-reload unit sees it, from the native binary. systemd
/// does not run here: the test binds the datagram socket NOTIFY_SOCKET names, as systemd does.
/// </summary>
[NonParallelizable]
public sealed class SystemdNotifyTests
{
    private HostSandbox _sandbox = null!;

    [SetUp]
    public void CreateSandbox() => _sandbox = new HostSandbox();

    [TearDown]
    public void DisposeSandbox() => _sandbox.Dispose();

    private static bool Has(string datagram, string assignment) => datagram.Split('\n').Contains(assignment);

    private static string? Status(string datagram) =>
        datagram.Split('\n').FirstOrDefault(l => l.StartsWith("STATUS=", StringComparison.Ordinal))?["STATUS=".Length..];

    [Test]
    public async Task Ready_once_listening_reloading_and_ready_around_a_reload_and_stopping_at_the_end()
    {
        using var systemd = new DatagramReceiver(Path.Combine(_sandbox.Root, "notify"));
        var server = _sandbox.Start(new Dictionary<string, string> { ["NOTIFY_SOCKET"] = systemd.Address }, "serve", "-F");

        int ready = systemd.WaitFor(d => Has(d, "READY=1"), "READY=1");
        // READY=1 means clients are served: the listener answers at once.
        using (var client = _sandbox.Connect())
            Assert.That(client.Ask("VER"), Does.StartWith("Network UPS Tools"));
        Assert.That(Status(systemd.Received[ready]), Does.StartWith("serving 2 devices"));
        await _sandbox.WaitUntilServingAsync(server);

        // The status follows the clients.
        using var watcher = _sandbox.Connect();
        systemd.WaitFor(d => Status(d) == "serving 2 devices, 1 client connected", "a STATUS= line counting the connected client", ready);

        // Type=notify-reload: systemd sends SIGHUP and waits for RELOADING=1 (with the monotonic
        // clock) and then READY=1.
        int before = systemd.Received.Count;
        _sandbox.Write("ups3.dev", "ups.status: OL\n");
        _sandbox.Append("ups.conf", "[ups3]\n\tdriver = dummy-ups\n\tport = ups3.dev\n");
        server.SendHangup();
        int reloading = systemd.WaitFor(d => Has(d, "RELOADING=1"), "RELOADING=1 after SIGHUP", before);
        var stamp = systemd.Received[reloading].Split('\n').SingleOrDefault(l => l.StartsWith("MONOTONIC_USEC=", StringComparison.Ordinal));
        Assert.That(stamp, Is.Not.Null, "RELOADING=1 comes with MONOTONIC_USEC");
        Assert.That(long.Parse(stamp!["MONOTONIC_USEC=".Length..], CultureInfo.InvariantCulture), Is.Positive);
        int reloaded = systemd.WaitFor(d => Has(d, "READY=1"), "READY=1 after the reload", reloading + 1);
        Assert.That(Status(systemd.Received[reloaded]), Does.StartWith("serving 3 devices"), "the reloaded configuration's devices");
        Wait.UntilValue(() => string.Join('|', watcher.AskList("LIST UPS")), l => l.Contains("UPS ups3 ", StringComparison.Ordinal), "ups3 served after the reload");

        // systemctl stop: SIGTERM, and the server says it is stopping.
        HostRun.SendSignal(server.Pid, "TERM");
        systemd.WaitFor(d => Has(d, "STOPPING=1"), "STOPPING=1", reloaded + 1);
        Assert.That(server.WaitForExit(HostSandbox.Patience), Is.True, "the server to exit after SIGTERM");
        Assert.That(server.ExitCode, Is.Zero);
    }

    [Test]
    public void A_reload_that_finds_an_error_still_ends_with_ready_and_says_so_in_the_status()
    {
        using var systemd = new DatagramReceiver(Path.Combine(_sandbox.Root, "notify"));
        var server = _sandbox.Start(new Dictionary<string, string> { ["NOTIFY_SOCKET"] = systemd.Address }, "serve", "-F");
        int ready = systemd.WaitFor(d => Has(d, "READY=1"), "READY=1");

        // upsd refuses a MAXCONN of 0; a reload that meets it changes nothing.
        _sandbox.Append("upsd.conf", "MAXCONN 0\n");
        server.SendHangup();
        int reloading = systemd.WaitFor(d => Has(d, "RELOADING=1"), "RELOADING=1", ready + 1);
        int after = systemd.WaitFor(d => Has(d, "READY=1"), "READY=1 although the reload was abandoned (systemd would otherwise wait for it)", reloading + 1);
        Assert.That(Status(systemd.Received[after]), Does.StartWith("reload abandoned").And.Contain("serving 2 devices"));
        Assert.That(server.HasExited, Is.False);
    }

    [Test]
    public void An_abstract_notify_socket_gets_ready_and_watchdog_pings_when_watchdog_usec_is_set()
    {
        string name = "@nutsharp-notify-" + Guid.NewGuid().ToString("N");
        using var systemd = new DatagramReceiver(name);
        // WatchdogSec=1: systemd sets WATCHDOG_USEC and expects WATCHDOG=1 at least every second.
        _sandbox.Start(new Dictionary<string, string> { ["NOTIFY_SOCKET"] = name, ["WATCHDOG_USEC"] = "1000000" }, "serve", "-F");

        int ready = systemd.WaitFor(d => Has(d, "READY=1"), "READY=1 on an abstract socket");
        int first = systemd.WaitFor(d => Has(d, "WATCHDOG=1"), "a first WATCHDOG=1", ready);
        int second = systemd.WaitFor(d => Has(d, "WATCHDOG=1"), "WATCHDOG=1 again", first + 1);
        systemd.WaitFor(d => Has(d, "WATCHDOG=1"), "WATCHDOG=1 a third time", second + 1);
    }
}
