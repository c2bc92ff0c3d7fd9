using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NutSharp.Drivers.Enphase;
using NutSharp.Testing;

namespace NutSharp.Tests.Enphase;

/// <summary>
/// The monitor running continuously (clock under the test's control, so nothing waits for real
/// poll intervals): the -nocomms hide and restore, identity asked once, and TEST mode's cycle.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ContinuousRunTests
{
    [Test]
    public async Task A_failing_gateway_hides_the_port_file_and_its_return_restores_and_rewrites_it()
    {
        using var sandbox = new EnphaseSandbox();
        sandbox.WriteConfig();
        sandbox.WriteToken(TimeSpan.FromDays(300));
        File.WriteAllText(sandbox.PortFile, "# mine\n");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var log = new RecordingLog();
        var config = EnphaseConfig.Load(sandbox.ConfigPath, null, _ => null);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => new EnphaseMonitor(config, log, time).RunAsync(EnphaseRunMode.Continuous, stop.Token));

        bool Advancing(Func<bool> condition)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            return run.IsCompleted || condition();
        }
        Wait.Until(() => Advancing(() => File.Exists(sandbox.PortFile) && File.ReadAllText(sandbox.PortFile).Contains("ups.status: OL\n")), "online");

        sandbox.Fake.Fail("relay", 500);
        Wait.Until(() => Advancing(() => File.Exists(sandbox.HiddenPortFile) && !File.Exists(sandbox.PortFile)), "the port file hidden");
        var hidden = File.ReadAllText(sandbox.HiddenPortFile);
        Assert.That(hidden, Does.StartWith("# mine\nups.status: OL\n"), "hidden as it was, not rewritten");

        sandbox.Fake.Fail("relay", null);
        sandbox.Fake.Serve("relay", "ivp_ensemble_relay.open.json");
        Wait.Until(() => Advancing(() => File.Exists(sandbox.PortFile) && File.ReadAllText(sandbox.PortFile).Contains("ups.status: OB\n")), "restored on battery");
        Assert.That(File.Exists(sandbox.HiddenPortFile), Is.False);
        Assert.That(File.ReadAllText(sandbox.PortFile), Does.StartWith("# mine\n"), "the user's line survives");

        await stop.CancelAsync();
        await run;
        var calls = sandbox.Fake.Calls;
        Assert.That(calls.Count(c => c.StartsWith("GET /info.xml", StringComparison.Ordinal)), Is.EqualTo(1), "identity asked once per process");
        Assert.That(calls.Count(c => c.StartsWith("GET /ivp/ensemble/secctrl", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(calls, Does.Contain("GET /ivp/ensemble/relay 500"));
        Assert.That(calls.Where(c => c.StartsWith("POST", StringComparison.Ordinal)), Is.Empty, "the saved token served throughout");
        Assert.That(log.VerboseMessages, Does.Contain("Communication lost, hiding portfile"));
        Assert.That(log.VerboseMessages, Does.Contain("Communication restored, restoring portfile"));
        Assert.That(Directory.GetFiles(sandbox.StateDir, "*.tmp*"), Is.Empty, "no temporary file left behind");
    }

    [Test]
    public async Task Identity_and_capacity_missed_at_the_first_poll_are_asked_again_at_the_next()
    {
        using var sandbox = new EnphaseSandbox();
        sandbox.WriteConfig();
        sandbox.WriteToken(TimeSpan.FromDays(300));
        File.WriteAllText(sandbox.PortFile, "");
        sandbox.Fake.Fail("live", 500);
        sandbox.Fake.Fail("info", 404);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var config = EnphaseConfig.Load(sandbox.ConfigPath, null, _ => null);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => new EnphaseMonitor(config, new RecordingLog(), time).RunAsync(EnphaseRunMode.Continuous, stop.Token));
        bool Advancing(Func<bool> condition)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            return run.IsCompleted || condition();
        }
        Wait.Until(() => Advancing(() => File.ReadAllText(sandbox.PortFile).Contains("ups.status: OL\n")), "online");
        var first = File.ReadAllText(sandbox.PortFile);
        Assert.That(first, Does.Not.Contain("battery.capacity:").And.Not.Contain("ups.firmware:").And.Not.Contain("battery.runtime:"));

        sandbox.Fake.Fail("live", null);
        sandbox.Fake.Fail("info", null);
        // The script would go without them until restarted (quirk Q4).
        Wait.Until(() => Advancing(() => File.ReadAllText(sandbox.PortFile).Contains("battery.capacity: 5000\n")), "the capacity once livedata answers");
        var lines = File.ReadAllText(sandbox.PortFile).Split('\n');
        Assert.That(lines, Does.Contain("ups.firmware: D8.2.4286"));
        Assert.That(lines, Does.Contain("battery.runtime: 5277"));
        Assert.That(lines, Does.Contain("ups.load: 79.9"));
        await stop.CancelAsync();
        await run;
        Assert.That(sandbox.Fake.Calls.Count(c => c == "GET /ivp/ensemble/secctrl 200"), Is.EqualTo(1), "what answered is not asked again");
    }

    [Test]
    public async Task Test_mode_cycles_online_nocomms_online_onbatt_lowbatt_without_any_request()
    {
        using var sandbox = new EnphaseSandbox();
        string Compact(string file) => JsonSerializer.Serialize(JsonDocument.Parse(File.ReadAllText(Path.Combine(FakeEnphase.PayloadDirectory, file))).RootElement);
        var token = sandbox.Fake.MakeToken(DateTimeOffset.UtcNow.AddDays(365));
        sandbox.WriteConfig($$$"""
            TEST=1
            TEST_SESS='{"session_id":"test-session"}'
            TEST_TOKEN='{{{token}}}'
            TEST_RELAY='{"mains_oper_state":"@RELAY_STATE@"}'
            TEST_LIVE='{"meters":{"soc":@BATT_SOC@,"phase_count":2,"enc_agg_energy":5000}}'
            TEST_REPORTS='{{{Compact("ivp_meters_reports.split.json")}}}'
            TEST_SECCTRL='{{{Compact("ivp_ensemble_secctrl.json")}}}'
            TEST_INFO='<envoy_info><device><software>D8.2.4286</software></device></envoy_info>'

            """);
        File.WriteAllText(sandbox.PortFile, "");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var log = new RecordingLog();
        var config = EnphaseConfig.Load(sandbox.ConfigPath, null, _ => null);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => new EnphaseMonitor(config, log, time, random: new Random(7)).RunAsync(EnphaseRunMode.Continuous, stop.Token));

        string[] expected = ["ups.status now OL", "Communication lost, hiding portfile", "ups.status now OL", "ups.status now OB", "ups.status now OB LB"];
        Wait.Until(() =>
        {
            time.Advance(TimeSpan.FromSeconds(1));
            return run.IsCompleted || log.VerboseMessages.Count(m => m.StartsWith("ups.status now", StringComparison.Ordinal) || m.StartsWith("Communication lost", StringComparison.Ordinal)) >= expected.Length;
        }, "five TEST cycles");
        await stop.CancelAsync();
        await run;

        var states = log.VerboseMessages.Where(m => m.StartsWith("ups.status now", StringComparison.Ordinal) || m.StartsWith("Communication lost", StringComparison.Ordinal));
        Assert.That(states.Take(expected.Length), Is.EqualTo(expected));
        Assert.That(sandbox.Fake.Calls, Is.Empty, "TEST mode makes no request");
        Assert.That(File.ReadAllText(sandbox.PortFile), Does.Contain("battery.charge: 19\n").Or.Contain("battery.charge: 100\n"));
        Assert.That(File.ReadAllText(sandbox.TokenFile), Is.EqualTo(token), "TEST_TOKEN saved as the token");
    }

    /// <summary>The monitor's messages, by kind.</summary>
    private sealed class RecordingLog : IEnphaseLog
    {
        private readonly ConcurrentQueue<string> _verbose = new();

        public IReadOnlyList<string> VerboseMessages => [.. _verbose];

        public void Debug(string message, int level = 1)
        {
        }

        public void Verbose(string message) => _verbose.Enqueue(message);

        public void Warn(string message)
        {
        }
    }
}
