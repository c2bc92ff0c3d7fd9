using System.Diagnostics;
using NutSharp.Integration.Tests.Host;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Enphase;

/// <summary>
/// End to end with the native binary: `nutsharp serve` runs the Enphase poller of nutsharp.toml
/// next to the built-in dummy-ups section it feeds; a fake gateway on battery at 19 % must reach
/// the real upsc as <c>OB LB</c>, the section must read "Driver not connected" while the gateway
/// cannot be reached (the port file renamed -nocomms), and come back with it.
/// </summary>
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class EnphaseHostedTests
{
    [Test]
    public void Gateway_on_low_battery_reaches_upsc_as_on_battery_low_battery_and_a_lost_gateway_as_driver_not_connected()
    {
        TestPaths.RequireInstalled(TestPaths.Upsc);
        using var box = new HostSandbox();
        using var fake = new FakeEnphase();
        fake.Apply("""{"files":{"relay":"ivp_ensemble_relay.open.json","live":"ivp_livedata_status.soc19.json","reports":"ivp_meters_reports.onbatt.json"}}""");

        var portFile = Path.Combine(box.StateDir, "gw.dev");
        File.WriteAllText(portFile, "");
        box.Write("ups.conf", $"[gw]\n\tdriver = dummy-ups\n\tport = {portFile}\n\tmode = dummy-once\n\tdesc = \"Enphase IQ Gateway\"\n"
            + "[other]\n\tdriver = dummy-ups\n\tport = ups1.dev\n");
        // A second poller whose config is missing: it fails (and retries) on its own, the server and gw go on.
        box.Write("nutsharp.toml", "[enphase]\nmonitors = [{ section = \"gw\" }, { section = \"other\", config = \"missing.conf\" }]\n");
        box.Write("enphase-gw.conf", $"""
            USERNAME={FakeEnphase.Username}
            PASSWORD={FakeEnphase.Password}
            SERIAL={FakeEnphase.Serial}
            PORT_FILE=gw.dev
            ENVOY_HOST={fake.EnvoyHost}
            POLLFREQ=5
            POLLFREQALERT=5
            API_TIMEOUT=2
            ENPHASE_LOGIN="{fake.LoginUrl}"
            ENPHASE_TOKENS="{fake.TokensUrl}"

            """);
        File.SetUnixFileMode(box.ConfPath("enphase-gw.conf"), UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var server = box.Start("serve", "-F");
        string Status() => Upsc($"gw@127.0.0.1:{box.Port}", "ups.status");
        Wait.UntilValue(Status, s => s == "OB LB", $"upsc to show OB LB (server log: {server.Output})");
        Assert.That(Upsc($"gw@127.0.0.1:{box.Port}", "battery.charge"), Is.EqualTo("19"));
        Assert.That(fake.Calls[0], Is.EqualTo("POST /login/login.json? 200"), "the hosted poller logged in");
        Assert.That(Upsc($"other@127.0.0.1:{box.Port}", "ups.status"), Is.EqualTo("OL"), "the other section is served");
        Assert.That(server.Output, Does.Contain("enphase other: Unable to read config"), "the broken poller says why");

        fake.Fail("relay", 500);
        Wait.UntilValue(Status, s => s.Contains("Driver not connected", StringComparison.Ordinal), "the section to read as not connected while the gateway fails");
        Assert.That(File.Exists(portFile + "-nocomms"), Is.True, "the port file is hidden as -nocomms");

        fake.Fail("relay", null);
        Wait.UntilValue(Status, s => s == "OB LB", "the section to come back with the gateway");
        Assert.That(server.HasExited, Is.False, "the server kept running throughout");
    }

    /// <summary>upsc's answer for one variable, or its error message.</summary>
    private static string Upsc(string ups, string variable)
    {
        var start = new ProcessStartInfo(TestPaths.Upsc) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ups);
        start.ArgumentList.Add(variable);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        // upsc may add a line of its own on stderr (e.g. about SSL); the answer is stdout, the error its last stderr line.
        var answer = output.Result.Trim();
        return answer.Length > 0 ? answer : error.Trim().Split('\n')[^1];
    }
}
