using System.Net;
using System.Net.Sockets;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Host;

/// <summary>
/// The native binary refuses to start where upsd 2.8.0 does (exit status non-zero, a message on
/// stderr naming the file and line), and starts with only a warning where upsd carries on.
/// </summary>
[NonParallelizable]
public sealed class StartupRefusalTests
{
    private HostSandbox _sandbox = null!;

    [SetUp]
    public void CreateSandbox() => _sandbox = new HostSandbox();

    [TearDown]
    public void DisposeSandbox() => _sandbox.Dispose();

    private HostRun ServeExpectingRefusal(IReadOnlyDictionary<string, string>? environment = null)
    {
        var run = _sandbox.RunToExit(environment, "serve", "-F");
        Assert.That(run.ExitCode, Is.Not.Zero, $"exit status; stdout: {run.Stdout}\nstderr: {run.Stderr}");
        return run;
    }

    [Test]
    public void Missing_upsd_conf_is_refused()
    {
        File.Delete(_sandbox.ConfPath("upsd.conf"));
        var run = ServeExpectingRefusal();
        Assert.That(run.Stderr, Does.Contain(_sandbox.ConfPath("upsd.conf")));
    }

    [Test]
    public void Missing_ups_conf_is_refused()
    {
        File.Delete(_sandbox.ConfPath("ups.conf"));
        var run = ServeExpectingRefusal();
        Assert.That(run.Stderr, Does.Contain(_sandbox.ConfPath("ups.conf")));
    }

    [Test]
    public void Ups_conf_without_a_device_is_refused()
    {
        _sandbox.Write("ups.conf", "maxretry = 3\n");
        var run = ServeExpectingRefusal();
        Assert.That(run.Stderr, Does.Contain("ups.conf"));
    }

    [Test]
    public async Task Allow_no_device_in_upsd_conf_lets_it_start_without_devices()
    {
        _sandbox.Write("ups.conf", "maxretry = 3\n");
        _sandbox.Append("upsd.conf", "ALLOW_NO_DEVICE true\n");
        var run = _sandbox.Start("serve", "-F");
        await _sandbox.WaitUntilServingAsync(run, []);
        using var client = _sandbox.Connect();
        Assert.That(client.AskList("LIST UPS"), Is.EqualTo(new[] { "BEGIN LIST UPS", "END LIST UPS" }));

        // The point of ALLOW_NO_DEVICE: devices configured later arrive with a reload.
        _sandbox.Write("ups.conf", HostSandbox.DefaultUpsConf);
        run.SendHangup();
        Wait.UntilValue(() => client.Ask("GET VAR ups2 ups.status"), r => r == "VAR ups2 ups.status \"OB LB\"", "ups2 after the reload");
    }

    [Test]
    public void Allow_no_device_environment_variable_overrides_upsd_conf()
    {
        _sandbox.Write("ups.conf", "maxretry = 3\n");
        _sandbox.Append("upsd.conf", "ALLOW_NO_DEVICE true\n");
        ServeExpectingRefusal(new Dictionary<string, string> { ["ALLOW_NO_DEVICE"] = "false" });
    }

    [Test]
    public async Task Allow_no_device_environment_variable_lets_it_start_without_devices()
    {
        _sandbox.Write("ups.conf", "maxretry = 3\n");
        var run = _sandbox.Start(new Dictionary<string, string> { ["ALLOW_NO_DEVICE"] = "1" }, "serve", "-F");
        await _sandbox.WaitUntilServingAsync(run, []);
        using var client = _sandbox.Connect();
        Assert.That(client.AskList("LIST UPS"), Is.EqualTo(new[] { "BEGIN LIST UPS", "END LIST UPS" }));
    }

    [Test]
    public void Maxconn_zero_is_refused_with_file_and_line()
    {
        _sandbox.Write("upsd.conf", $"# comment\nLISTEN 127.0.0.1 {_sandbox.Port}\nMAXCONN 0\n");
        var run = ServeExpectingRefusal();
        Assert.That(run.Stderr, Does.Contain("upsd.conf:3:"));
    }

    [Test]
    public void Unresolvable_listen_address_is_refused_with_file_and_line()
    {
        // "bad..host" has an empty label: the C library refuses it without asking any DNS server.
        _sandbox.Write("upsd.conf", $"LISTEN 127.0.0.1 {_sandbox.Port}\nLISTEN bad..host {_sandbox.Port}\n");
        var run = ServeExpectingRefusal();
        Assert.That(run.Stderr, Does.Contain(_sandbox.ConfPath("upsd.conf") + ":2: LISTEN bad..host"));
        Assert.That(run.Output, Does.Not.Contain("Exception"));
    }

    [Test]
    public void Missing_upsd_users_is_refused()
    {
        File.Delete(_sandbox.ConfPath("upsd.users"));
        var run = ServeExpectingRefusal();
        Assert.That(run.Stderr, Does.Contain(_sandbox.ConfPath("upsd.users")));
    }

    [Test]
    public async Task Unusable_upsd_conf_line_is_skipped_with_a_warning_naming_file_and_line()
    {
        _sandbox.Write("upsd.conf", $"# comment\nLISTEN 127.0.0.1 {_sandbox.Port}\nMAXAGE abc\n");
        var run = _sandbox.Start("serve", "-F");
        await _sandbox.WaitUntilServingAsync(run);
        Assert.That(run.Stderr, Does.Contain("upsd.conf:3:"));
    }

    [Test]
    public async Task Unusable_ups_conf_line_is_skipped_with_a_warning_naming_file_and_line()
    {
        _sandbox.Write("ups.conf", HostSandbox.DefaultUpsConf + "\tdesc \"no equals sign\"\n");
        var run = _sandbox.Start("serve", "-F");
        await _sandbox.WaitUntilServingAsync(run);
        Assert.That(run.Stderr, Does.Contain("ups.conf:10:"));
    }

    [Test]
    public async Task Unusable_upsd_users_line_is_skipped_with_a_warning_naming_file_and_line()
    {
        _sandbox.Write("upsd.users", "[admin]\n\tpassword = adminpass\n\tactions SET\n");
        var run = _sandbox.Start("serve", "-F");
        await _sandbox.WaitUntilServingAsync(run);
        Assert.That(run.Stderr, Does.Contain("upsd.users:3:"));
    }

    [Test]
    public async Task Unknown_upsd_conf_directive_only_warns()
    {
        _sandbox.Append("upsd.conf", "FROBNICATE 42\n");
        var run = _sandbox.Start("serve", "-F");
        await _sandbox.WaitUntilServingAsync(run);
        Assert.That(run.Stderr, Does.Contain("FROBNICATE").And.Contain("upsd.conf:2"));
    }

    [Test]
    public void Listen_address_that_cannot_be_bound_is_refused()
    {
        using var squatter = ListenOnLoopback(_sandbox.Port);
        var run = ServeExpectingRefusal();
        Assert.That(run.Stderr, Does.Contain(_sandbox.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task Allow_not_all_listeners_starts_when_another_listener_works()
    {
        int busyPort = SpecServerReadiness.PickFreePort();
        using var squatter = ListenOnLoopback(busyPort);
        _sandbox.Write("upsd.conf", $"LISTEN 127.0.0.1 {busyPort}\nLISTEN 127.0.0.1 {_sandbox.Port}\nALLOW_NOT_ALL_LISTENERS true\n");
        var run = _sandbox.Start("serve", "-F");
        await _sandbox.WaitUntilServingAsync(run);
        Assert.That(run.HasExited, Is.False);
    }

    [Test]
    public void Without_allow_not_all_listeners_one_failing_listener_is_fatal()
    {
        int busyPort = SpecServerReadiness.PickFreePort();
        using var squatter = ListenOnLoopback(busyPort);
        _sandbox.Write("upsd.conf", $"LISTEN 127.0.0.1 {busyPort}\nLISTEN 127.0.0.1 {_sandbox.Port}\n");
        ServeExpectingRefusal();
    }

    [Test]
    public async Task A_port_already_served_by_another_server_is_refused()
    {
        // Two installations (separate config, state and PID directories) configured for the same
        // port: as with upsd, the second cannot bind, instead of sharing the port with the first.
        var first = await _sandbox.StartServingAsync();
        using var other = new HostSandbox();
        other.Write("upsd.conf", $"LISTEN 127.0.0.1 {_sandbox.Port}\n");
        var second = other.Start("serve", "-F");
        bool exited = second.WaitForExit(HostSandbox.Patience);
        Assert.That(exited, Is.True, "the second server is listening on a port the first one serves; output: " + second.Output);
        Assert.That(second.ExitCode, Is.Not.Zero);
        Assert.That(first.HasExited, Is.False);
    }

    /// <summary>A listening socket holding the port, so the server's bind fails.</summary>
    private static Socket ListenOnLoopback(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        socket.Listen(1);
        return socket;
    }
}
