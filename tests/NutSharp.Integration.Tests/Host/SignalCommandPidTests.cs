using System.Diagnostics;

namespace NutSharp.Integration.Tests.Host;

/// <summary>
/// <c>serve -c stop|reload</c> refuses a PID below 2, from upsd.pid or from <c>-P</c>, as upsd
/// 2.8.0's sendsignalpid does: kill(2) reads -1 as every process, 0 as the caller's process group
/// and 1 is init. Each command runs among witness processes in a PID namespace of its own
/// (signal-witnesses.sh), so the test can show that nothing was signalled, and a regression could
/// not reach this machine's processes.
/// </summary>
[NonParallelizable]
public sealed class SignalCommandPidTests
{
    private static readonly string WitnessScript = Path.Combine(AppContext.BaseDirectory, "Host", "signal-witnesses.sh");

    private HostSandbox _sandbox = null!;

    [SetUp]
    public void CreateSandbox() => _sandbox = new HostSandbox();

    [TearDown]
    public void DisposeSandbox() => _sandbox.Dispose();

    [TestCase("stop", "-1")]
    [TestCase("stop", "0")]
    [TestCase("stop", "1")]
    [TestCase("reload", "-1")]
    [TestCase("reload", "0")]
    [TestCase("reload", "1")]
    public void A_pid_file_naming_a_pid_below_2_is_refused_and_nothing_is_signalled(string command, string pid)
    {
        File.WriteAllText(_sandbox.PidFile, pid + "\n");
        var result = RunAmongWitnesses("serve", "-c", command);

        Assert.That(result.CommandStatus, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain($"refusing to signal PID {pid}").And.Contain(_sandbox.PidFile));
        result.AssertNobodyWasSignalled();
    }

    [TestCase("stop", "garbage")]
    [TestCase("stop", "")]
    [TestCase("reload", "garbage")]
    public void A_pid_file_without_a_number_is_refused_and_nothing_is_signalled(string command, string content)
    {
        File.WriteAllText(_sandbox.PidFile, content + "\n");
        var result = RunAmongWitnesses("serve", "-c", command);

        Assert.That(result.CommandStatus, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain(_sandbox.PidFile).And.Contain("no process id"));
        result.AssertNobodyWasSignalled();
    }

    [TestCase("stop", "-1")]
    [TestCase("stop", "0")]
    [TestCase("stop", "1")]
    [TestCase("reload", "-1")]
    [TestCase("reload", "0")]
    [TestCase("reload", "1")]
    public void P_below_2_is_refused_and_nothing_is_signalled(string command, string pid)
    {
        var result = RunAmongWitnesses("serve", "-c", command, "-P", pid);

        Assert.That(result.CommandStatus, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain($"refusing to signal PID {pid} (from -P)"));
        result.AssertNobodyWasSignalled();
    }

    [Test]
    public void P_that_is_not_a_number_is_refused()
    {
        var run = _sandbox.RunToExit("serve", "-c", "stop", "-P", "abc");
        Assert.That(run.ExitCode, Is.Not.Zero);
        Assert.That(run.Stderr, Does.Contain("-P abc: not a process id"));
    }

    /// <summary>The witnesses are real: a signal to every process, or to init, is recorded.</summary>
    [TestCase("kill -TERM -1", "loner:TERM")]
    [TestCase("kill -HUP 1", "init:HUP")]
    public void The_witnesses_record_a_signal_they_receive(string shellCommand, string expected)
    {
        var result = RunAmongWitnesses(["/bin/sh", "-c", shellCommand], throughNutSharp: false);
        Assert.That(result.Events, Does.Contain(expected), result.ToString());
    }

    private WitnessedRun RunAmongWitnesses(params string[] nutsharpArguments) =>
        RunAmongWitnesses([HostSandbox.Binary, .. nutsharpArguments], throughNutSharp: true);

    private WitnessedRun RunAmongWitnesses(string[] command, bool throughNutSharp)
    {
        string log = Path.Combine(_sandbox.Root, "witnesses-" + Guid.NewGuid().ToString("N")[..8] + ".log");
        var start = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // A new session (so kill(0, ...) stays in it) holding a new PID namespace (so kill(-1, ...)
        // and kill(1, ...) stay in it). Without root, a user namespace makes the PID namespace possible.
        List<string> arguments = ["unshare", "--pid", "--fork", "--kill-child"];
        if (Environment.UserName != "root") arguments.InsertRange(1, ["--user", "--map-root-user"]);
        arguments.AddRange(["/bin/sh", WitnessScript, log, .. command]);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        if (throughNutSharp)
        {
            start.Environment["NUT_CONFPATH"] = _sandbox.ConfDir;
            start.Environment["NUT_STATEPATH"] = _sandbox.StateDir;
            start.Environment["NUT_ALTPIDPATH"] = _sandbox.PidDir;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start setsid");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(HostSandbox.Patience))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the witnessed command did not finish: {string.Join(' ', command)}");
        }
        process.WaitForExit();
        var events = File.Exists(log) ? File.ReadAllLines(log).ToList() : [];
        return new WitnessedRun(process.ExitCode, events, stdout.Result, stderr.Result);
    }

    private sealed record WitnessedRun(int RigStatus, List<string> Events, string Stdout, string Stderr)
    {
        /// <summary>The command's exit status as the witness script saw it; -1 when it never got there.</summary>
        public int CommandStatus => Events.FirstOrDefault(e => e.StartsWith("status:", StringComparison.Ordinal)) is { } line
            ? int.Parse(line["status:".Length..], System.Globalization.CultureInfo.InvariantCulture)
            : -1;

        public void AssertNobodyWasSignalled()
        {
            Assert.That(RigStatus, Is.Zero, "the witnesses' namespace ended abnormally: " + this);
            Assert.That(Events.Where(e => e.EndsWith(":HUP", StringComparison.Ordinal) || e.EndsWith(":TERM", StringComparison.Ordinal)),
                Is.Empty, "signals the witnesses received");
            Assert.That(Events, Does.Contain("init:WINCH").And.Contain("loner:WINCH"), "both witnesses still alive at the end: " + this);
        }

        public override string ToString() =>
            $"rig status {RigStatus}; events: {string.Join(", ", Events)}\nstdout: {Stdout}\nstderr: {Stderr}";
    }
}
