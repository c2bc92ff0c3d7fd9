using System.Net;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Host;

/// <summary>upsd's command-line flags on <c>nutsharp serve</c>, run against the native binary.</summary>
[NonParallelizable]
public sealed class CommandLineFlagTests
{
    private HostSandbox _sandbox = null!;

    [SetUp]
    public void CreateSandbox() => _sandbox = new HostSandbox();

    [TearDown]
    public void DisposeSandbox() => _sandbox.Dispose();

    [Test]
    public void Version_flag_prints_a_version_and_exits_0()
    {
        var run = _sandbox.RunToExit("serve", "-V");
        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        Assert.That(run.Stdout, Does.Match(@"\d+\.\d+\.\d+"));
    }

    [Test]
    public void Help_mentions_foreground_and_command_flags()
    {
        var run = _sandbox.RunToExit("serve", "-h");
        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        Assert.That(run.Stdout, Does.Contain("-F").And.Contain("-c"));
    }

    [Test]
    public async Task Double_f_writes_the_pid_file_and_c_stop_ends_the_server()
    {
        var server = _sandbox.Start("serve", "-FF");
        await _sandbox.WaitUntilServingAsync(server);
        Assert.That(_sandbox.ReadPidFile(), Is.EqualTo(server.Pid), "upsd.pid in NUT_ALTPIDPATH");

        var stop = _sandbox.RunToExit("serve", "-c", "stop");
        Assert.That(stop.ExitCode, Is.Zero, stop.Stderr);
        Assert.That(server.WaitForExit(HostSandbox.Patience), Is.True, "server still running after -c stop");
        Wait.Until(() => !File.Exists(_sandbox.PidFile), "the PID file to be removed on exit");
    }

    [Test]
    public async Task Single_f_writes_no_pid_file_and_p_with_c_stop_ends_it()
    {
        var server = _sandbox.Start("serve", "-F");
        await _sandbox.WaitUntilServingAsync(server);
        Assert.That(File.Exists(_sandbox.PidFile), Is.False, "-F alone writes no PID file");

        var stop = _sandbox.RunToExit("serve", "-P", server.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", "stop");
        Assert.That(stop.ExitCode, Is.Zero, stop.Stderr);
        Assert.That(server.WaitForExit(HostSandbox.Patience), Is.True, "server still running after -P <pid> -c stop");
    }

    [Test]
    public void C_stop_without_a_running_server_fails()
    {
        var stop = _sandbox.RunToExit("serve", "-c", "stop");
        Assert.That(stop.ExitCode, Is.Not.Zero);
        Assert.That(stop.Stderr, Does.Contain("upsd.pid"));
    }

    [Test]
    public async Task C_reload_makes_the_server_reread_its_configuration()
    {
        var server = _sandbox.Start("serve", "-FF");
        await _sandbox.WaitUntilServingAsync(server);
        _sandbox.Write("ups3.dev", "ups.status: OL\n");
        _sandbox.Append("ups.conf", "[ups3]\n\tdriver = dummy-ups\n\tport = ups3.dev\n");

        var reload = _sandbox.RunToExit("serve", "-c", "reload");
        Assert.That(reload.ExitCode, Is.Zero, reload.Stderr);
        using var client = _sandbox.Connect();
        Wait.UntilValue(() => string.Join('|', client.AskList("LIST UPS")), list => list.Contains("UPS ups3 ", StringComparison.Ordinal), "ups3 in LIST UPS");
        Assert.That(server.HasExited, Is.False);
    }

    [TestCase("-4", "127.0.0.1", "::1")]
    [TestCase("-6", "::1", "127.0.0.1")]
    public async Task Address_family_flag_limits_the_listen_lines_to_that_family(string flag, string kept, string refused)
    {
        _sandbox.Write("upsd.conf", $"LISTEN {kept} {_sandbox.Port}\n");
        var server = _sandbox.Start("serve", "-F", flag);
        Wait.Until(() => server.HasExited || _sandbox.Accepts(IPAddress.Parse(kept)), "the listener of the kept family");
        Assert.That(server.HasExited, Is.False, server.Stderr);
        Assert.That(_sandbox.Accepts(IPAddress.Parse(refused)), Is.False, refused + " accepts");

        // As upsd 2.8.0 (getaddrinfo with that family only): a LISTEN line of the other family stops start-up.
        using var other = new HostSandbox();
        other.Write("upsd.conf", $"LISTEN {kept} {other.Port}\nLISTEN {refused} {other.Port}\n");
        var refusing = other.RunToExit("serve", "-F", flag);
        Assert.That(refusing.ExitCode, Is.Not.Zero);
        Assert.That(refusing.Stderr, Does.Contain(other.ConfPath("upsd.conf") + ":2:"));
    }

    [Test]
    public async Task D_runs_in_the_foreground_with_debug_output()
    {
        var server = _sandbox.Start("serve", "-D");
        await _sandbox.WaitUntilServingAsync(server);
        // The PID started is the one answering: it did not detach.
        Assert.That(server.HasExited, Is.False);
        Wait.Until(() => server.Output.Contains("dbug", StringComparison.Ordinal), "debug-level lines in the output");
    }

    [Test]
    public async Task Without_f_the_server_detaches_and_keeps_answering_until_c_stop()
    {
        var launcher = _sandbox.Start("serve");
        Assert.That(launcher.WaitForExit(HostSandbox.Patience), Is.True, "the launching command did not return");
        Assert.That(launcher.ExitCode, Is.Zero, launcher.Output);

        Wait.Until(() => _sandbox.ReadPidFile() is not null, "upsd.pid written by the detached server");
        int serverPid = _sandbox.ReadPidFile()!.Value;
        Assert.That(serverPid, Is.Not.EqualTo(launcher.Pid));
        await NutSharp.Testing.SpecServerReadiness.WaitUntilReadyAsync("127.0.0.1", _sandbox.Port, HostSandbox.DefaultUps,
            () => HostRun.IsSandboxServer(serverPid, _sandbox.ConfDir), CancellationToken.None);

        var stop = _sandbox.RunToExit("serve", "-c", "stop");
        Assert.That(stop.ExitCode, Is.Zero, stop.Stderr);
        Wait.Until(() => !HostRun.IsSandboxServer(serverPid, _sandbox.ConfDir), "the detached server to exit after -c stop");
        Wait.Until(() => !_sandbox.Accepts(IPAddress.Loopback), "the listener to close");
    }

    [Test]
    public async Task Detaching_releases_the_callers_stdout_and_stderr()
    {
        // upsd 2.8.0 run as `out=$(upsd)` returns at once: the daemon lets go of the caller's
        // output. A detached server holding the pipe would make the caller wait forever.
        using var launcher = _sandbox.StartWithPipes("serve");
        var stdout = launcher.StandardOutput.ReadToEndAsync();
        var stderr = launcher.StandardError.ReadToEndAsync();
        var bothClosed = Task.WhenAll(stdout, stderr);
        bool released = await Task.WhenAny(bothClosed, Task.Delay(HostSandbox.Patience)) == bothClosed;

        Wait.Until(() => _sandbox.ReadPidFile() is not null, "upsd.pid written by the detached server");
        int serverPid = _sandbox.ReadPidFile()!.Value;
        await NutSharp.Testing.SpecServerReadiness.WaitUntilReadyAsync("127.0.0.1", _sandbox.Port, HostSandbox.DefaultUps,
            () => HostRun.IsSandboxServer(serverPid, _sandbox.ConfDir), CancellationToken.None);
        Assert.That(released, Is.True, "the caller's stdout/stderr pipes were still open while the detached server runs");
        Assert.That(launcher.WaitForExit(HostSandbox.Patience), Is.True);
        Assert.That(launcher.ExitCode, Is.Zero, stderr.IsCompleted ? stderr.Result : "");
    }

    [Test]
    public void Without_f_a_listener_that_cannot_be_bound_still_fails_the_command()
    {
        // upsd binds before it detaches, so the caller (an init script) sees the failure.
        using var squatter = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, _sandbox.Port));
        squatter.Listen(1);

        var launcher = _sandbox.RunToExit("serve");
        Assert.That(launcher.ExitCode, Is.Not.Zero, "exit status of the launching command; output: " + launcher.Output);
        Assert.That(launcher.Stderr, Does.Contain(_sandbox.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(File.Exists(_sandbox.PidFile), Is.False, "no PID file left behind by the server that failed");
    }

    [Test]
    public async Task A_second_server_refuses_to_start_and_leaves_the_first_ones_pid_file_alone()
    {
        var first = _sandbox.Start("serve", "-FF");
        await _sandbox.WaitUntilServingAsync(first);
        Assert.That(_sandbox.ReadPidFile(), Is.EqualTo(first.Pid));

        var second = _sandbox.RunToExit("serve", "-FF");
        Assert.That(second.ExitCode, Is.Not.Zero, "a second server on the same PID file must refuse; output: " + second.Output);
        Assert.That(_sandbox.ReadPidFile(), Is.EqualTo(first.Pid), "the running server's PID file");

        var stop = _sandbox.RunToExit("serve", "-c", "stop");
        Assert.That(stop.ExitCode, Is.Zero, stop.Stderr);
        Assert.That(first.WaitForExit(HostSandbox.Patience), Is.True, "-c stop must still reach the first server");
    }

    [Test]
    public async Task A_stale_pid_file_does_not_prevent_starting()
    {
        File.WriteAllText(_sandbox.PidFile, "999999\n");
        var server = _sandbox.Start("serve", "-FF");
        await _sandbox.WaitUntilServingAsync(server);
        Assert.That(_sandbox.ReadPidFile(), Is.EqualTo(server.Pid));
    }
}
