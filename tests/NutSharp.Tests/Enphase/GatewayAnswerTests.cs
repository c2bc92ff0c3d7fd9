using NutSharp.Testing;

namespace NutSharp.Tests.Enphase;

/// <summary>
/// Gateway answers the recorded cases do not cover (reference/enphase.md §4–§8), one poll each:
/// relay states, odd charges, failing meters, LOADKWH; and where the script is wrong, the fix.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class GatewayAnswerTests
{
    private static (EnphaseSandbox Sandbox, CommandResult Result, string[] Lines) Poll(string gatewayJson, string extraConfig = "")
    {
        var sandbox = new EnphaseSandbox();
        sandbox.WriteConfig(extraConfig);
        sandbox.WriteToken(TimeSpan.FromDays(300));
        File.WriteAllText(sandbox.PortFile, "ups.status: OL\n");
        sandbox.Fake.Apply(gatewayJson);
        var result = sandbox.Run("-s");
        var file = File.Exists(sandbox.PortFile) ? sandbox.PortFile : sandbox.HiddenPortFile;
        return (sandbox, result, File.ReadAllText(file).Split('\n'));
    }

    [TestCase("ivp_ensemble_relay.weird.json", "envoy relay API unknown mains_oper_state 'unknown'")]
    [TestCase("ivp_ensemble_relay.missing.json", "envoy relay API missing mains_oper_state")]
    public void A_relay_state_other_than_closed_or_open_is_no_communication(string relay, string warning)
    {
        var (sandbox, result, _) = Poll("{\"files\":{\"relay\":\"" + relay + "\"}}");
        using (sandbox)
        {
            Assert.That(result.Status, Is.Zero);
            Assert.That(result.Stderr, Does.Contain(warning));
            Assert.That(File.Exists(sandbox.HiddenPortFile), Is.True, "hidden");
            Assert.That(sandbox.Fake.Calls, Is.EqualTo(new[] { "GET /ivp/ensemble/relay 200" }), "nothing else asked");
        }
    }

    [Test]
    public void A_gateway_that_does_not_answer_within_the_api_timeout_is_tried_once_more_then_no_communication()
    {
        using var sandbox = new EnphaseSandbox();
        sandbox.WriteConfig("API_TIMEOUT=2\n");
        sandbox.WriteToken(TimeSpan.FromDays(300));
        File.WriteAllText(sandbox.PortFile, "ups.status: OL\n");
        sandbox.Fake.Delay("relay", TimeSpan.FromSeconds(30));
        var result = sandbox.Run("-s");
        Assert.That(result.Status, Is.Zero, result.Stderr);
        Assert.That(sandbox.Fake.Arrivals, Is.EqualTo(new[] { "GET /ivp/ensemble/relay", "GET /ivp/ensemble/relay" }));
        Assert.That(File.Exists(sandbox.HiddenPortFile), Is.True, "hidden");
    }

    [Test]
    public void A_charge_sent_as_a_string_is_read_as_its_number()
    {
        var (sandbox, _, lines) = Poll("""{"files":{"live":"ivp_livedata_status.socstring.json"}}""");
        using (sandbox)
        {
            Assert.That(lines, Does.Contain("battery.charge: 90"));
            Assert.That(lines, Does.Contain("battery.voltage: 84.0"));
        }
    }

    [Test]
    public void A_null_charge_leaves_out_the_charge_and_everything_derived_from_it()
    {
        var (sandbox, _, lines) = Poll("""{"files":{"live":"ivp_livedata_status.socnull.json"}}""");
        using (sandbox)
        {
            Assert.That(lines, Does.Contain("ups.status: OL"));
            Assert.That(lines.Where(l => l.StartsWith("battery.charge:", StringComparison.Ordinal) || l.StartsWith("battery.voltage:", StringComparison.Ordinal)
                || l.StartsWith("battery.runtime:", StringComparison.Ordinal)), Is.Empty);
        }
    }

    [Test]
    public void No_battery_with_the_grid_up_reads_online_low_battery_as_in_the_script()
    {
        var (sandbox, _, lines) = Poll("""{"files":{"live":"ivp_livedata_status.nobattery.json"}}""");
        using (sandbox)
        {
            Assert.That(lines, Does.Contain("ups.status: OL LB"));
            Assert.That(lines, Does.Contain("battery.charge: 0"));
        }
    }

    [Test]
    public void Meters_failing_in_a_fresh_process_write_no_invented_zeros()
    {
        var (sandbox, result, lines) = Poll("""{"status":{"reports":503}}""");
        using (sandbox)
        {
            Assert.That(result.Status, Is.Zero);
            Assert.That(sandbox.Fake.Calls.TakeLast(2), Is.EqualTo(new[] { "GET /ivp/meters/reports 503", "GET /ivp/meters/reports 503" }), "retried once");
            Assert.That(lines, Does.Contain("ups.status: OL"));
            Assert.That(lines, Does.Contain("battery.charge: 100"));
            Assert.That(lines.Where(l => l.StartsWith("input.", StringComparison.Ordinal) || l.StartsWith("output.", StringComparison.Ordinal)
                || l.StartsWith("battery.runtime", StringComparison.Ordinal) || l.StartsWith("ups.load", StringComparison.Ordinal)), Is.Empty);
        }
    }

    [Test]
    public void A_load_per_kWh_of_zero_leaves_out_ups_load()
    {
        var (sandbox, _, lines) = Poll("{}", "LOADKWH=0\n");
        using (sandbox)
        {
            Assert.That(lines, Does.Contain("battery.runtime: 5277"));
            Assert.That(lines.Where(l => l.StartsWith("ups.load", StringComparison.Ordinal)), Is.Empty);
        }
    }

    [Test]
    public void Tiny_negative_readings_and_a_zero_voltage_format_as_the_script()
    {
        var (sandbox, _, lines) = Poll("""{"files":{"reports":"ivp_meters_reports.negative.json"}}""");
        using (sandbox)
        {
            // -0.05 is a tie bash's printf resolves away from zero (x87 rounding); -0.04 keeps its sign.
            Assert.That(lines, Does.Contain("input.realpower: -0.1"));
            Assert.That(lines, Does.Contain("input.current: 0.00"), "0 V: no division");
            Assert.That(lines, Does.Contain("output.realpower: -0.0"));
            Assert.That(lines, Does.Contain("output.current: 0.00"));
            Assert.That(lines, Does.Contain("battery.runtime: 172800"), "no load: the two-day cap");
        }
    }

    [Test]
    public async Task Only_a_change_of_status_charge_or_meters_rewrites_the_file_and_user_edits_are_re_read_then()
    {
        using var sandbox = new EnphaseSandbox();
        sandbox.WriteConfig();
        sandbox.WriteToken(TimeSpan.FromDays(300));
        File.WriteAllText(sandbox.PortFile, "");
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var config = NutSharp.Drivers.Enphase.EnphaseConfig.Load(sandbox.ConfigPath, null, _ => null);
        using var stop = new CancellationTokenSource();
        var log = new NutSharp.Host.Commands.ConsoleEnphaseLog(0, false, TextWriter.Null, TextWriter.Null);
        var run = Task.Run(() => new NutSharp.Drivers.Enphase.EnphaseMonitor(config, log, time).RunAsync(NutSharp.Drivers.Enphase.EnphaseRunMode.Continuous, stop.Token));
        bool Advancing(Func<bool> condition)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            return run.IsCompleted || condition();
        }
        Wait.Until(() => Advancing(() => File.ReadAllText(sandbox.PortFile).Contains("ups.status: OL\n")), "first write");

        // Edits of lines the monitor owns: battery.type is not re-read, battery.charge.low is (at the next rewrite).
        var edited = File.ReadAllText(sandbox.PortFile).Replace("battery.type: LFP", "battery.type: NMC").Replace("battery.charge.low: 20", "battery.charge.low: 95");
        File.WriteAllText(sandbox.PortFile, edited);
        int relayCalls = sandbox.Fake.Calls.Count(c => c.Contains("relay", StringComparison.Ordinal));
        Wait.Until(() => Advancing(() => sandbox.Fake.Calls.Count(c => c.Contains("relay", StringComparison.Ordinal)) >= relayCalls + 3), "three more polls");
        Assert.That(File.ReadAllText(sandbox.PortFile), Is.EqualTo(edited), "nothing changed at the gateway: no rewrite");

        sandbox.Fake.Serve("live", "ivp_livedata_status.soc90.json");
        Wait.Until(() => Advancing(() => File.ReadAllText(sandbox.PortFile).Contains("battery.charge: 90\n")), "the new charge written");
        var lines = File.ReadAllText(sandbox.PortFile).Split('\n');
        Assert.That(lines, Does.Contain("battery.type: LFP"), "regenerated from the start-up value");
        Assert.That(lines, Does.Contain("battery.charge.low: 95"), "re-read from the file");
        await stop.CancelAsync();
        await run;
    }
}
