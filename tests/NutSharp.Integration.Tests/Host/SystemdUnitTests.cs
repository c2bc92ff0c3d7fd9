using System.Diagnostics;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Host;

/// <summary>
/// scripts/systemd/nutsharp.service as the README installs it. systemd is not running here, but
/// its tools work on a directory tree (--root): the unit is checked by systemd-analyze, enabled
/// beside Debian's real nut-server.service, and its commands are run against the native binary
/// with a datagram socket standing in for systemd's notify socket.
/// </summary>
[NonParallelizable]
public sealed class SystemdUnitTests
{
    private const string Systemctl = "/usr/bin/systemctl";
    private const string SystemdAnalyze = "/usr/bin/systemd-analyze";
    private const string DebianUnits = "/lib/systemd/system";

    private static string UnitFile => Path.Combine(TestPaths.RepositoryRoot, "scripts", "systemd", "nutsharp.service");

    private static string OldSystemdDropIn => Path.Combine(TestPaths.RepositoryRoot, "scripts", "systemd", "nutsharp.service.d", "systemd-252.conf");

    private HostSandbox _sandbox = null!;

    [SetUp]
    public void CreateSandbox() => _sandbox = new HostSandbox();

    [TearDown]
    public void DisposeSandbox() => _sandbox.Dispose();

    /// <summary>The value of every <paramref name="key"/>= line of a unit file, in order.</summary>
    private static List<string> Values(string file, string key) =>
        [.. File.ReadLines(file).Where(l => l.StartsWith(key + "=", StringComparison.Ordinal)).Select(l => l[(key.Length + 1)..])];

    [Test]
    public void The_unit_is_a_notify_reload_service_ordered_after_the_drivers_and_the_network()
    {
        Assert.That(Values(UnitFile, "Type"), Is.EqualTo(new[] { "notify-reload" }));
        Assert.That(Values(UnitFile, "Alias"), Is.EqualTo(new[] { "nut-server.service" }));
        foreach (var key in (string[])["After", "Wants"])
        {
            var units = Values(UnitFile, key).SelectMany(v => v.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
            Assert.That(units, Does.Contain("nut-driver.target").And.Contain("network-online.target"), key);
        }
        // For systemd before 253, the drop-in falls back to Type=notify with a reload command.
        Assert.That(Values(OldSystemdDropIn, "Type"), Is.EqualTo(new[] { "notify" }));
    }

    [Test]
    public void Enabling_the_unit_takes_nut_servers_name_beside_debians_unit_and_disabling_gives_it_back()
    {
        TestPaths.RequireInstalled(Systemctl, SystemdAnalyze, Path.Combine(DebianUnits, "nut-server.service"));
        // A root as Debian's after `apt install nut-server`, with the unit and binary where the README puts them.
        string root = Path.Combine(_sandbox.Root, "os");
        CopyDirectory(DebianUnits, Path.Combine(root, "lib", "systemd", "system"));
        string etc = Path.Combine(root, "etc", "systemd", "system");
        Directory.CreateDirectory(Path.Combine(etc, "nutsharp.service.d"));
        File.Copy(UnitFile, Path.Combine(etc, "nutsharp.service"));
        File.Copy(OldSystemdDropIn, Path.Combine(etc, "nutsharp.service.d", "systemd-252.conf"));
        Directory.CreateDirectory(Path.Combine(root, "usr", "local", "bin"));
        File.Copy(HostSandbox.Binary, Path.Combine(root, "usr", "local", "bin", "nutsharp"));

        var verify = Run(SystemdAnalyze, "--root=" + root, "verify", "--man=no", "nutsharp.service");
        Assert.That(verify.ExitCode, Is.Zero, "systemd-analyze verify: " + verify.Output);

        string alias = Path.Combine(etc, "nut-server.service");
        var enable = Run(Systemctl, "--root=" + root, "enable", "nutsharp.service");
        Assert.That(enable.ExitCode, Is.Zero, enable.Output);
        Assert.That(Path.GetFileName(new FileInfo(alias).LinkTarget), Is.EqualTo("nutsharp.service"),
            "nut-server.service in /etc, ahead of Debian's in /lib, is NutSharp");
        Assert.That(File.Exists(Path.Combine(etc, "nut.target.wants", "nutsharp.service")), Is.True, "started with nut.target");

        // Back to upsd: the alias goes with the unit, and Debian's unit can be enabled again.
        Assert.That(Run(Systemctl, "--root=" + root, "disable", "nutsharp.service").ExitCode, Is.Zero);
        Assert.That(Path.Exists(alias), Is.False, "the alias is removed with the unit");
        var back = Run(Systemctl, "--root=" + root, "enable", "nut-server.service");
        Assert.That(back.ExitCode, Is.Zero, back.Output);
        Assert.That(new FileInfo(Path.Combine(etc, "nut.target.wants", "nut-server.service")).LinkTarget, Does.EndWith("/lib/systemd/system/nut-server.service"),
            "Debian's unit again");
    }

    [Test]
    public void The_units_start_and_reload_commands_run_the_server_as_systemd_expects()
    {
        // ExecStart without UPSD_OPTIONS (unset in nut.conf: systemd drops the word), the binary under test in place of /usr/local/bin/nutsharp.
        var start = Values(UnitFile, "ExecStart").Single().Split(' ').Where(w => w != "$UPSD_OPTIONS").ToList();
        Assert.That(start[0], Is.EqualTo("/usr/local/bin/nutsharp"));
        using var systemd = new DatagramReceiver(Path.Combine(_sandbox.Root, "notify"));
        var server = _sandbox.Start(new Dictionary<string, string> { ["NOTIFY_SOCKET"] = systemd.Address }, [.. start.Skip(1)]);
        int ready = systemd.WaitFor(d => d.Split('\n').Contains("READY=1"), "READY=1 from the unit's ExecStart");

        // The drop-in's ExecReload, with $MAINPID as systemd fills it in.
        var reload = Values(OldSystemdDropIn, "ExecReload").Single().Split(' ')
            .Select(w => w == "$MAINPID" ? server.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) : w).ToList();
        var reloadRun = _sandbox.RunToExit([.. reload.Skip(1)]);
        Assert.That(reloadRun.ExitCode, Is.Zero, reloadRun.Output);
        int reloading = systemd.WaitFor(d => d.Split('\n').Contains("RELOADING=1"), "RELOADING=1 after ExecReload", ready + 1);
        systemd.WaitFor(d => d.Split('\n').Contains("READY=1"), "READY=1 after the reload", reloading + 1);
        Assert.That(server.HasExited, Is.False);
    }

    private static (int ExitCode, string Output) Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(HostSandbox.Patience)) Assert.Fail($"{program} did not finish");
        return (process.ExitCode, stdout + stderr.Result);
    }

    /// <summary>Copies files and symbolic links as they are (Debian's unit directory is full of alias links).</summary>
    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            string target = Path.Combine(to, entry.Name);
            if (entry.LinkTarget is { } link) File.CreateSymbolicLink(target, link);
            else if (entry is DirectoryInfo dir) CopyDirectory(dir.FullName, target);
            else File.Copy(entry.FullName, target);
        }
    }
}
