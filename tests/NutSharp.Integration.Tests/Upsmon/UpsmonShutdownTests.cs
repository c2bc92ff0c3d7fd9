using System.Diagnostics;
using NutSharp.Integration.Tests.Host;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Upsmon;

/// <summary>
/// The shutdown path end to end: Debian's upsmon 2.8.0, a primary and a secondary, against the
/// native server through a power failure, driven by upsmon-scenario.sh (copied from the
/// project's shared tools). The status comes from the built-in dummy-ups reading a .dev file the
/// script rewrites. The script checks every step (logins, ONBATT/ONLINE/LOWBATT, FSD set by the
/// primary and seen by the secondary, the secondary's SHUTDOWNCMD and logout, NUMLOGINS back to
/// its baseline, then the primary's SHUTDOWNCMD, both upsmons exiting) and ends with
/// "RESULT: PASS" and status 0 only when all held.
/// </summary>
[NonParallelizable]
public sealed class UpsmonShutdownTests
{
    private const string Upsmon = "/lib/nut/upsmon";

    private HostSandbox _sandbox = null!;

    [SetUp]
    public void CreateSandbox()
    {
        TestPaths.RequireInstalled(Upsmon);
        // upsmon runs its SHUTDOWNCMD as root, and the script gives each upsmon its own /run/nut
        // with unshare -m (upsmon 2.8.0 always writes /run/nut/upsmon.pid).
        if (Environment.UserName != "root") Assert.Ignore("upsmon's scenario needs the tests to run as root");
        _sandbox = new HostSandbox();
    }

    [TearDown]
    public void DisposeSandbox() => _sandbox?.Dispose();

    /// <summary>One UPS fed from <c>&lt;ups&gt;.dev</c>, an admin, and the two upsmon users.</summary>
    private void Configure(string ups, (string Name, string Password) primary, (string Name, string Password) secondary)
    {
        _sandbox.Write("ups.conf", $"[{ups}]\n\tdriver = dummy-ups\n\tport = {ups}.dev\n\tdesc = \"upsmon scenario\"\n");
        _sandbox.Write($"{ups}.dev", "ups.mfr: Scenario\nups.model: Shutdown\nups.status: OL\nbattery.charge: 100\n");
        _sandbox.Write("upsd.users", $"""
            [admin]
            	password = adminpass
            	actions = SET FSD
            	instcmds = ALL

            [{primary.Name}]
            	password = {primary.Password}
            	upsmon primary

            [{secondary.Name}]
            	password = {secondary.Password}
            	upsmon secondary

            """);
    }

    private string RunScenario(string mode, string ups, (string Name, string Password) primary, (string Name, string Password) secondary)
    {
        var here = Path.Combine(AppContext.BaseDirectory, "Upsmon");
        var start = new ProcessStartInfo("/bin/bash")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { Path.Combine(here, "upsmon-scenario.sh"), mode },
        };
        start.Environment["HOST"] = "127.0.0.1";
        start.Environment["PORT"] = _sandbox.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["UPS"] = ups;
        start.Environment["PUSER"] = primary.Name;
        start.Environment["PPASS"] = primary.Password;
        start.Environment["SUSER"] = secondary.Name;
        start.Environment["SPASS"] = secondary.Password;
        start.Environment["SET_STATUS"] = Path.Combine(here, "set-status-devfile.sh");
        start.Environment["DEVFILE"] = _sandbox.ConfPath(ups + ".dev");
        // Only a wrong server makes the primary wait this long (NUMLOGINS not dropping).
        start.Environment["HOSTSYNC"] = "10";
        start.Environment["WORK"] = Path.Combine(_sandbox.Root, "upsmon-" + mode);
        start.Environment["UPSMON"] = Upsmon;
        using var script = Process.Start(start)!;
        var stderr = script.StandardError.ReadToEndAsync();
        string output = script.StandardOutput.ReadToEnd();
        if (!script.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            script.Kill(entireProcessTree: true);
            Assert.Fail("the upsmon scenario did not finish\n" + output);
        }
        output += stderr.Result;
        Assert.That(script.ExitCode, Is.Zero, $"upsmon scenario {mode} failed:\n{output}\nupsmon logs:\n{UpsmonLogs(mode)}");
        Assert.That(output, Does.Contain($"RESULT: PASS ({mode})"));
        TestContext.Out.WriteLine(output);
        return output;
    }

    private string UpsmonLogs(string mode)
    {
        var work = Path.Combine(_sandbox.Root, "upsmon-" + mode);
        return string.Join("\n", new[] { "primary", "secondary" }
            .Select(role => Path.Combine(work, role, "upsmon.log"))
            .Where(File.Exists)
            .Select(log => log + ":\n" + File.ReadAllText(log)));
    }

    [Test]
    public async Task On_battery_then_low_battery_the_primary_sets_fsd_the_secondary_shuts_down_first_then_the_primary()
    {
        var primary = ("monuser", "secret");
        var secondary = ("monslave", "secret2");
        Configure("dummy", primary, secondary);
        var server = _sandbox.Start("serve", "-F");
        await _sandbox.WaitUntilServingAsync(server, ["dummy"]);

        string output = RunScenario("lowbatt", "dummy", primary, secondary);
        Assert.That(output, Does.Contain("ok:   primary shut down after secondary"));
        Assert.That(output, Does.Contain("ok:   NUMLOGINS back to"));
        Assert.That(server.HasExited, Is.False, "the server outlives its clients' shutdown");
    }

    [Test]
    public async Task Upsmon_c_fsd_on_the_primary_shuts_down_a_nas_style_secondary_on_ups_as_monuser()
    {
        // A NAS (Synology DSM and the like) is a fixed upsmon secondary: UPS "ups", user monuser,
        // password secret; the primary is the machine the UPS is plugged into.
        var primary = ("upsprimary", "primarypass");
        var nas = ("monuser", "secret");
        Configure("ups", primary, nas);
        var server = _sandbox.Start("serve", "-F");
        await _sandbox.WaitUntilServingAsync(server, ["ups"]);

        string output = RunScenario("fsdcmd", "ups", primary, nas);
        Assert.That(output, Does.Contain("ok:   server reports FSD in ups.status"));
        Assert.That(output, Does.Contain("ok:   secondary ran SHUTDOWNCMD"));
        Assert.That(output, Does.Contain("ok:   primary ran SHUTDOWNCMD"));
    }
}
