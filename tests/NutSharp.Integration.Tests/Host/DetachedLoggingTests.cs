using System.Globalization;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Host;

/// <summary>
/// Where the native server's log goes: detached (no -F), to syslog as upsd's background() does,
/// tested with a datagram socket standing in for /dev/log; under systemd, to the journal's
/// stream with a priority on every line.
/// </summary>
[NonParallelizable]
public sealed class DetachedLoggingTests
{
    private HostSandbox _sandbox = null!;

    [SetUp]
    public void CreateSandbox() => _sandbox = new HostSandbox();

    [TearDown]
    public void DisposeSandbox() => _sandbox.Dispose();

    private string Listening => $"listening on 127.0.0.1:{_sandbox.Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Starts a detached server logging to <paramref name="syslog"/>; returns the detached server's PID (from upsd.pid).</summary>
    private async Task<int> StartDetachedAsync(DatagramReceiver syslog, params string[] flags)
    {
        var launcher = _sandbox.Start(new Dictionary<string, string> { ["NUTSHARP_SYSLOG_SOCKET"] = syslog.Address }, ["serve", .. flags]);
        Assert.That(launcher.WaitForExit(HostSandbox.Patience), Is.True, "the launching command did not return");
        Assert.That(launcher.ExitCode, Is.Zero, launcher.Output);
        Wait.Until(() => _sandbox.ReadPidFile() is not null, "upsd.pid written by the detached server");
        int pid = _sandbox.ReadPidFile()!.Value;
        await SpecServerReadiness.WaitUntilReadyAsync("127.0.0.1", _sandbox.Port, HostSandbox.DefaultUps,
            () => HostRun.IsSandboxServer(pid, _sandbox.ConfDir), CancellationToken.None);
        return pid;
    }

    [Test]
    public async Task A_detached_server_logs_to_syslog_as_upsd_with_facility_daemon_and_its_pid()
    {
        using var syslog = new DatagramReceiver(Path.Combine(_sandbox.Root, "log"));
        int pid = await StartDetachedAsync(syslog);

        // <daemon*8+info>Mmm dd hh:mm:ss upsd[pid]: text, as glibc's syslog(3) sends for upsd.
        string prefix = $"upsd[{pid.ToString(CultureInfo.InvariantCulture)}]: ";
        int listening = syslog.WaitFor(r => r.EndsWith(prefix + Listening, StringComparison.Ordinal), "the listening line in syslog");
        Assert.That(syslog.Received[listening], Does.Match(TraditionalRecord));
        Assert.That(syslog.Received[listening], Does.StartWith("<30>"), "facility daemon, severity info");

        // A message written after the caller's terminal is gone still reaches syslog.
        _sandbox.Append("upsd.conf", "MAXCONN 0\n");
        HostRun.SendSignal(pid, "HUP");
        int abandoned = syslog.WaitFor(r => r.Contains(prefix + "reload abandoned: ", StringComparison.Ordinal), "the abandoned reload in syslog");
        Assert.That(syslog.Received[abandoned], Does.StartWith("<27>"), "facility daemon, severity err");
        Assert.That(syslog.Received.Any(r => r.Contains("dbug", StringComparison.Ordinal) || r.Contains("[D1]", StringComparison.Ordinal)), Is.False,
            "no debug messages without -D");
    }

    [Test]
    public async Task With_b_and_d_debug_messages_go_to_syslog_and_ident_and_rfc5424_are_the_users_choice()
    {
        using var syslog = new DatagramReceiver(Path.Combine(_sandbox.Root, "log"));
        int pid = await StartDetachedAsync(syslog, "-B", "-D", "--syslog-ident", "nutsharp", "--syslog-format", "rfc5424");

        string header = $" nutsharp {pid.ToString(CultureInfo.InvariantCulture)} - - ";
        int listening = syslog.WaitFor(r => r.EndsWith(header + Listening, StringComparison.Ordinal), "the listening line as an RFC 5424 record");
        Assert.That(syslog.Received[listening], Does.Match(@"^<30>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}[+-]\d\d:\d\d \S+ nutsharp \d+ - - "));
        // -D: upsd's upsdebugx(1) level, marked [D1] and sent at LOG_DEBUG.
        syslog.WaitFor(r => r.StartsWith("<31>1 ", StringComparison.Ordinal) && r.Contains(header + "[D1] ", StringComparison.Ordinal), "a [D1] debug record at severity debug");
    }

    [Test]
    public async Task Debug_min_in_upsd_conf_raises_the_level_without_keeping_the_server_in_the_foreground_until_a_reload_drops_it()
    {
        // upsd 2.8.0: DEBUG_MIN raises the -D level at start-up but, unlike -D, does not stop the
        // detaching; a reload without it returns to the command line's level.
        _sandbox.Append("upsd.conf", "DEBUG_MIN 1\n");
        using var syslog = new DatagramReceiver(Path.Combine(_sandbox.Root, "log"));
        int pid = await StartDetachedAsync(syslog);
        string prefix = $"upsd[{pid.ToString(CultureInfo.InvariantCulture)}]: ";
        syslog.WaitFor(r => r.StartsWith("<31>", StringComparison.Ordinal) && r.Contains(prefix + "[D1] ", StringComparison.Ordinal), "a [D1] record from DEBUG_MIN 1");

        _sandbox.WriteDefaultConfiguration();
        HostRun.SendSignal(pid, "HUP");
        syslog.WaitFor(r => r.Contains(prefix + "applying debug level 0 from the command line", StringComparison.Ordinal), "the level going back to the command line's on reload");
    }

    [Test]
    public async Task Under_systemd_every_line_on_the_journal_stream_starts_with_its_priority()
    {
        // systemd gives the service JOURNAL_STREAM=<device>:<inode> of its stderr; here stderr is a
        // file and the variable names it, so the server must take it for the journal.
        var server = _sandbox.StartProgram("/bin/bash", null, "-c",
            "export JOURNAL_STREAM=$(stat -L -c %d:%i /proc/self/fd/2); exec \"$0\" serve -F -u root", HostSandbox.Binary);
        await _sandbox.WaitUntilServingAsync(server);
        Wait.Until(() => server.Stderr.Contains("<6>" + Listening + "\n", StringComparison.Ordinal), "the listening line with <6>; stderr: " + server.Stderr);

        _sandbox.Append("upsd.conf", "MAXCONN 0\n");
        server.SendHangup();
        Wait.Until(() => server.Stderr.Contains("<3>reload abandoned: ", StringComparison.Ordinal), "the abandoned reload with <3>");
        var lines = server.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.All.Match(@"^<[0-7]>"), "no line without a priority (the console format is not used)");
        Assert.That(server.Stdout, Is.Empty);
    }

    [Test]
    public void Under_systemd_a_refusal_to_start_reaches_the_journal_as_an_error()
    {
        _sandbox.Write("ups.conf", "");
        var run = _sandbox.StartProgram("/bin/bash", null, "-c",
            "export JOURNAL_STREAM=$(stat -L -c %d:%i /proc/self/fd/2); exec \"$0\" serve -F -u root", HostSandbox.Binary);
        Assert.That(run.WaitForExit(HostSandbox.Patience), Is.True, "a server without devices must refuse to start");
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Stderr, Does.StartWith("<3>nutsharp: Fatal error: at least one UPS must be defined"));
    }

    /// <summary>glibc's record: priority, "%h %e %T" (the day padded with a space), ident[pid].</summary>
    private const string TraditionalRecord = @"^<\d+>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d upsd\[\d+\]: ";
}
