using System.Diagnostics;
using System.Net;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Host;

/// <summary>
/// The user the native server runs as, checked in /proc as an administrator would: upsd 2.8.0
/// (Debian's build) started as root becomes <c>nut</c> with nut's groups unless <c>-u</c> names
/// another user, <c>-u root</c> keeps root, a missing user stops the start, and a server started
/// as a normal user stays that user. The built-in drivers run as the user the server became.
/// </summary>
[NonParallelizable]
public sealed class PrivilegeDropTests
{
    private HostSandbox _sandbox = null!;

    [SetUp]
    public void CreateSandbox() => _sandbox = new HostSandbox { DefaultUser = null };

    [TearDown]
    public void DisposeSandbox() => _sandbox.Dispose();

    private static bool RunningAsRoot => Id("-u") == "0";

    private static void RequireRoot()
    {
        if (!RunningAsRoot) Assert.Ignore("switching users needs the tests to run as root");
    }

    [Test]
    public async Task Without_u_a_server_started_as_root_runs_as_nut_with_nuts_groups()
    {
        RequireRoot();
        var server = await StartServingAsync("serve", "-F");

        var expected = new Identity(Id("-u", "nut"), Id("-g", "nut"), Id("-G", "nut").Split(' ').ToHashSet());
        Assert.That(IdentityOf(server.Pid), Is.EqualTo(expected), "real, effective, saved and filesystem ids, and the groups, of `id nut`");
        AssertEveryThreadRunsAs(server.Pid, expected.Uid);
    }

    [Test]
    public async Task U_gives_the_server_the_supplementary_groups_of_its_user()
    {
        RequireRoot();
        // A user of this machine that belongs to more groups than its own (on Debian, e.g. nut once
        // an administrator adds it to dialout); the test cannot add one without changing the system.
        string? user = UsersWithSupplementaryGroups().FirstOrDefault();
        if (user is null) Assert.Ignore("no user of this machine has a supplementary group");
        var server = await StartServingAsync("serve", "-F", "-u", user!);

        var expected = new Identity(Id("-u", user!), Id("-g", user!), Id("-G", user!).Split(' ').ToHashSet());
        Assert.That(expected.Groups, Has.Count.GreaterThan(1), $"`id -G {user}`");
        Assert.That(IdentityOf(server.Pid), Is.EqualTo(expected), $"ids and groups of `id {user}`");
    }

    [Test]
    public async Task U_root_keeps_root()
    {
        RequireRoot();
        var server = await StartServingAsync("serve", "-F", "-u", "root");
        var identity = IdentityOf(server.Pid);
        Assert.That(identity.Uid, Is.EqualTo("0"));
        Assert.That(identity.Gid, Is.EqualTo("0"));
    }

    [Test]
    public void U_with_a_missing_user_stops_the_start_with_status_1()
    {
        var run = _sandbox.RunToExit("serve", "-F", "-u", "no-such-user-here");
        Assert.That(run.ExitCode, Is.EqualTo(1), run.Output);
        Assert.That(run.Stderr, Does.Contain("user no-such-user-here not found"));
        Assert.That(_sandbox.Accepts(IPAddress.Loopback), Is.False, "nothing listens after a refused start");
    }

    [Test]
    public async Task A_server_started_as_a_normal_user_without_u_stays_that_user()
    {
        // As root, start it as nobody (setpriv execs it, so the PID is the server's); otherwise the
        // tests already run as a normal user.
        string uid = RunningAsRoot ? "65534" : Id("-u");
        if (RunningAsRoot) _sandbox.Launcher = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"];
        var server = await StartServingAsync("serve", "-F");

        // Had it tried to become nut, initgroups would have failed and the start with it.
        Assert.That(IdentityOf(server.Pid).Uid, Is.EqualTo(uid));
        AssertEveryThreadRunsAs(server.Pid, uid);
    }

    [Test]
    public async Task Built_in_drivers_read_their_files_as_the_user_the_server_became()
    {
        RequireRoot();
        // Readable by root only: a driver that started before the switch would serve it.
        string ups1File = _sandbox.ConfPath("ups1.dev");
        RunTool("chmod", "0600", ups1File);
        var server = _sandbox.Start("serve", "-F");
        await _sandbox.WaitUntilServingAsync(server, ["ups2"]);

        Wait.Until(() => server.Output.Contains(ups1File, StringComparison.Ordinal) || server.HasExited,
            "the ups1 driver to report that it cannot read " + ups1File);
        using var client = _sandbox.Connect();
        Assert.That(client.Ask("GET VAR ups1 ups.status"), Is.EqualTo("ERR DRIVER-NOT-CONNECTED"), server.Output);

        // The same file made readable for everyone is served: only the permission stood in the way.
        RunTool("chmod", "0644", ups1File);
        Wait.UntilValue(() => client.Ask("GET VAR ups1 ups.status"), reply => reply == "VAR ups1 ups.status \"OL\"", "ups1 served once nut can read its file");
    }

    [Test]
    public async Task A_server_that_became_nut_writes_its_pid_file_as_nut_and_removes_it_on_exit()
    {
        RequireRoot();
        // As /run/nut on Debian (root:nut 0770): a directory NUT's user may write in.
        RunTool("chown", "nut", _sandbox.PidDir);
        var server = _sandbox.Start("serve", "-FF");
        await _sandbox.WaitUntilServingAsync(server);
        Assert.That(_sandbox.ReadPidFile(), Is.EqualTo(server.Pid));
        Assert.That(RunTool("stat", "-c", "%u", _sandbox.PidFile), Is.EqualTo(Id("-u", "nut")), "owner of upsd.pid (upsd writes it after switching)");

        var stop = _sandbox.RunToExit("serve", "-c", "stop");
        Assert.That(stop.ExitCode, Is.Zero, stop.Stderr);
        Assert.That(server.WaitForExit(HostSandbox.Patience), Is.True, "server still running after -c stop");
        Assert.That(File.Exists(_sandbox.PidFile), Is.False, "the server removed its PID file as it ended");
    }

    private async Task<HostRun> StartServingAsync(params string[] arguments)
    {
        var server = _sandbox.Start(arguments);
        await _sandbox.WaitUntilServingAsync(server);
        return server;
    }

    /// <summary>The ids and groups of a process; every id of a kind (real, effective, saved, filesystem) must agree.</summary>
    private sealed record Identity(string Uid, string Gid, HashSet<string> Groups)
    {
        public bool Equals(Identity? other) => other is not null && Uid == other.Uid && Gid == other.Gid && Groups.SetEquals(other.Groups);

        public override int GetHashCode() => HashCode.Combine(Uid, Gid);

        public override string ToString() => $"uid {Uid}, gid {Gid}, groups {string.Join(' ', Groups.Order())}";
    }

    private static Identity IdentityOf(int pid) => IdentityIn($"/proc/{pid}/status");

    private static Identity IdentityIn(string statusFile)
    {
        var fields = File.ReadLines(statusFile)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1].Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return new Identity(Single(fields["Uid"], "Uid"), Single(fields["Gid"], "Gid"), [.. fields["Groups"]]);
    }

    private static string Single(string[] ids, string what)
    {
        Assert.That(ids.Distinct().Count(), Is.EqualTo(1), $"{what}: real, effective, saved and filesystem ids differ: {string.Join(' ', ids)}");
        return ids[0];
    }

    /// <summary>setuid in a threaded process must reach every thread (glibc does it for all of them).</summary>
    private static void AssertEveryThreadRunsAs(int pid, string uid)
    {
        var threads = Directory.GetDirectories($"/proc/{pid}/task");
        Assert.That(threads, Is.Not.Empty);
        foreach (var thread in threads)
            Assert.That(IdentityIn(Path.Combine(thread, "status")).Uid, Is.EqualTo(uid), "uid of thread " + Path.GetFileName(thread));
    }

    /// <summary>Members listed in the group database, that exist as users.</summary>
    private static IEnumerable<string> UsersWithSupplementaryGroups() =>
        RunTool("getent", "group").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':'))
            .Where(fields => fields.Length == 4 && fields[3].Length > 0)
            .SelectMany(fields => fields[3].Split(','))
            .Distinct()
            .Where(user => TryRunTool(out _, "id", "-u", user));

    private static string Id(params string[] arguments) => RunTool("id", arguments);

    private static string RunTool(string tool, params string[] arguments) =>
        TryRunTool(out string output, tool, arguments) ? output : throw new AssertionException($"`{tool} {string.Join(' ', arguments)}` failed: {output}");

    private static bool TryRunTool(out string output, string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + tool);
        var stderr = process.StandardError.ReadToEndAsync();
        output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        if (process.ExitCode != 0) output += stderr.Result;
        return process.ExitCode == 0;
    }
}
