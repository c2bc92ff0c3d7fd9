using NutSharp.Devices;
using NutSharp.Protocol;
using NutSharp.Testing;
using NutSharp.Tests.Devices;

namespace NutSharp.Tests.SocketDriver;

/// <summary>What a device shows while and after a NUT driver dumps its state through the socket bridge.</summary>
public class SocketDriverStateTests
{
    [Test]
    public async Task Before_the_dump_only_ups_status_wait_is_shown_and_the_data_is_not_stale()
    {
        await using var f = new SocketDriverFixture();
        f.Fake.HoldDump();
        f.Fake.Start();
        f.StartBridge();

        Assert.That(f.Fake.WaitForLine("DUMPALL", SocketDriverFixture.Patience), Is.True, "the bridge asked for a dump");
        Wait.Until(() => f.Device.IsConnected(), "the bridge to connect");
        Assert.Multiple(() =>
        {
            Assert.That(f.Device.SnapshotVariables(), Is.EqualTo(new[] { ("ups.status", "WAIT") }));
            Assert.That(f.Device.SnapshotCommands(), Is.Empty);
            Assert.That(f.Device.Availability(), Is.Null);
        });

        f.Fake.ReleaseDump();
        f.WaitForDumpDone();
        Assert.That(f.Value("ups.status"), Is.EqualTo("OL"));
    }

    [Test]
    public async Task After_the_dump_variables_are_sorted_case_insensitively_with_their_values()
    {
        await using var f = new SocketDriverFixture();
        f.StartBoth();

        var names = f.Device.SnapshotVariables().Select(v => v.Name);
        Assert.That(names, Is.EqualTo(new[]
        {
            "alpha.var", "battery.charge", "battery.charge.low", "input.transfer.high", "input.transfer.low",
            "output.voltage.nominal", "ups.badaux", "ups.beeper.status", "ups.delay.shutdown", "ups.empty",
            "ups.id", "ups.mfr", "ups.model", "ups.status", "ups.test.result", "ups_under.score", "Zeta.Var",
        }));
        Assert.Multiple(() =>
        {
            Assert.That(f.Value("ups.mfr"), Is.EqualTo("Fake \"Corp\" \\ #1"), "escaped dump value decoded");
            Assert.That(f.Value("ups.empty"), Is.EqualTo(""));
            Assert.That(f.Value("ups.test.result"), Is.EqualTo("No test initiated"));
            Assert.That(f.Device.SnapshotCommands(), Is.EqualTo(new[]
            {
                "Beeper.Toggle", "cmd.conversion", "cmd.failed", "cmd.invalid", "cmd.pending", "cmd.unknown",
                "load.off", "load.on", "shutdown.return", "test.battery.start",
            }));
        });
    }

    [Test]
    public async Task Flags_aux_enums_and_ranges_follow_upsd_rules()
    {
        await using var f = new SocketDriverFixture();
        f.StartBoth();

        var high = f.Variable("input.transfer.high");
        var beeper = f.Variable("ups.beeper.status");
        var nominal = f.Variable("output.voltage.nominal");
        var id = f.Variable("ups.id");
        var badaux = f.Variable("ups.badaux");
        var result = f.Variable("ups.test.result");
        var low = f.Variable("input.transfer.low");
        Assert.Multiple(() =>
        {
            // 120-150 shares its min with 120-130 (upsd's duplicate check); 200-140 has min > max.
            Assert.That(high.Ranges, Is.EqualTo(new[] { new ValueRange(120, 130), new ValueRange(135, 140) }));
            Assert.That(high.Flags, Is.EqualTo(VariableFlags.ReadWrite | VariableFlags.Number));
            // Insertion order, exact duplicate dropped, stored escaped.
            Assert.That(beeper.Enums, Is.EqualTo(new[] { "enabled", "disabled", "say \\\"hi\\\"" }));
            Assert.That(beeper.Aux, Is.EqualTo(16));
            Assert.That(nominal.Enums, Is.EqualTo(new[] { "230", "240", "220" }));
            Assert.That(nominal.Ranges, Is.EqualTo(new[] { new ValueRange(200, 250) }));
            Assert.That(low.Enums, Is.EqualTo(new[] { "103", "95", "100", "98" }));
            Assert.That(low.Flags, Is.EqualTo(VariableFlags.ReadWrite));
            Assert.That(id.Flags, Is.EqualTo(VariableFlags.ReadWrite | VariableFlags.String));
            Assert.That(id.Aux, Is.EqualTo(8));
            Assert.That(badaux.Aux, Is.EqualTo(0));
            Assert.That(result.Flags, Is.EqualTo(VariableFlags.String));
            Assert.That(result.Aux, Is.EqualTo(32));
            Assert.That(f.Variable("ups.status").Flags, Is.EqualTo(VariableFlags.None));
        });
    }

    [Test]
    public async Task Live_updates_change_variables_and_commands()
    {
        await using var f = new SocketDriverFixture();
        f.StartBoth();

        f.Fake.SendLine("SETINFO ups.status \"OB LB\"");
        f.Fake.SendLine("SETINFO new.var \"fresh\"");
        f.Fake.SendLine("DELINFO ups.model");
        f.Fake.SendLine("ADDCMD beeper.enable");
        f.Fake.SendLine("DELCMD load.on");
        f.Fake.SendLine("SETINFO alpha.var \"FIRST\"");
        f.Fake.SendLine("setinfo last.marker \"done\"");
        Wait.Until(() => f.Value("last.marker") == "done", "the updates to be applied");

        Assert.Multiple(() =>
        {
            Assert.That(f.Value("ups.status"), Is.EqualTo("OB LB"));
            Assert.That(f.Value("new.var"), Is.EqualTo("fresh"));
            Assert.That(f.Value("ups.model"), Is.Null);
            Assert.That(f.Device.HasCommand("beeper.enable"), Is.True);
            Assert.That(f.Device.HasCommand("load.on"), Is.False);
            Assert.That(f.Value("alpha.var"), Is.EqualTo("first"), "a change of letter case only is ignored, as upsd does");
        });
    }

    [Test]
    public async Task Enum_range_flags_and_aux_messages_use_c_number_parsing_and_upsd_flag_rules()
    {
        await using var f = new SocketDriverFixture();
        f.StartBoth();

        f.Fake.SendLine("ADDRANGE battery.charge.low 137abc 200");
        f.Fake.SendLine("DELRANGE battery.charge.low 5 0");
        f.Fake.SendLine("SETAUX ups.id 12abc");
        f.Fake.SendLine("SETAUX ups.test.result abc");
        f.Fake.SendLine("ADDENUM input.transfer.low \"90\"");
        f.Fake.SendLine("DELENUM input.transfer.low \"103\"");
        f.Fake.SendLine("SETFLAGS ups.delay.shutdown FOO");
        f.Fake.SendLine("SETFLAGS ups.model rw Bogus string");
        f.Fake.SendLine("SETFLAGS ups.status");        // no flag at all: ignored
        f.Fake.SendLine("ADDRANGE battery.charge.low 1");  // too few arguments: ignored
        f.Fake.SendLine("ADDENUM no.such.var \"x\"");  // unknown variable: dropped
        f.Fake.SendLine("SETINFO last.marker \"done\"");
        Wait.Until(() => f.Value("last.marker") == "done", "the updates to be applied");

        Assert.Multiple(() =>
        {
            Assert.That(f.Variable("battery.charge.low").Ranges, Is.EqualTo(new[] { new ValueRange(137, 200) }),
                "137abc reads as 137; DELRANGE matched 5-50 by its min");
            Assert.That(f.Variable("ups.id").Aux, Is.EqualTo(12));
            Assert.That(f.Variable("ups.test.result").Aux, Is.EqualTo(0));
            Assert.That(f.Variable("input.transfer.low").Enums, Is.EqualTo(new[] { "95", "100", "98", "90" }));
            Assert.That(f.Variable("ups.delay.shutdown").Flags, Is.EqualTo(VariableFlags.None));
            Assert.That(f.Variable("ups.model").Flags, Is.EqualTo(VariableFlags.ReadWrite | VariableFlags.String),
                "flags are matched ignoring case and unknown words are skipped (upsd 2.8.0 state_setflags)");
            Assert.That(f.Device.TryGetVariable("no.such.var", out _), Is.False);
        });
    }

    [Test]
    public async Task Datastale_makes_the_data_stale_and_dataok_clears_it()
    {
        await using var f = new SocketDriverFixture();
        f.StartBoth();

        f.Fake.GoStale();
        Wait.Until(() => f.Device.Availability() == NutError.DataStale, "DATA-STALE");
        f.Fake.GoOk();
        Wait.Until(() => f.Device.Availability() is null, "the data to be fresh again");
    }

    [Test]
    public async Task A_driver_that_stops_answering_is_pinged_and_goes_stale_after_maxage_then_recovers()
    {
        await using var f = new SocketDriverFixture(maxAgeSeconds: 3);
        f.StartBoth();

        f.Fake.AnswerPings = false;
        Assert.That(f.Fake.WaitForLine("PING", SocketDriverFixture.Patience), Is.True, "the bridge pings a quiet driver");
        Wait.Until(() => f.Device.Availability() == NutError.DataStale, "DATA-STALE after MAXAGE of silence");
        Assert.That(f.Fake.CountReceived("PING"), Is.GreaterThanOrEqualTo(2), "pings go on while the driver is silent");

        f.Fake.AnswerPings = true;
        Wait.Until(() => f.Device.Availability() is null, "the next PONG to make the data fresh");
    }

    [Test]
    public async Task Unknown_lines_do_not_keep_the_data_fresh()
    {
        await using var f = new SocketDriverFixture(maxAgeSeconds: 2);
        f.StartBoth();
        f.Fake.AnswerPings = false;

        Wait.For(() =>
        {
            if (f.Device.Availability() == NutError.DataStale) return true;
            f.Fake.SendLine("PID 4242");
            f.Fake.SendLine("OK Goodbye");
            f.Fake.SendLine("SETINFO only.two");
            return false;
        }, SocketDriverFixture.Patience);
        Assert.That(f.Device.Availability(), Is.EqualTo(NutError.DataStale));
    }

    [Test]
    public async Task A_driver_that_stops_mid_dump_leaves_a_partial_state_that_goes_stale()
    {
        var partial = FakeNutDriverDump.DefaultLines.Take(5).ToList();
        await using var f = new SocketDriverFixture(maxAgeSeconds: 2, dump: partial);
        f.Fake.AnswerPings = false;
        f.Fake.Start();
        f.StartBridge();

        Wait.Until(() => f.Value("alpha.var") == "first", "the partial dump");
        Wait.Until(() => f.Device.Availability() == NutError.DataStale, "DATA-STALE by MAXAGE");
        Assert.That(f.Device.SnapshotCommands(), Is.Empty);
    }

    [Test]
    public async Task A_driver_that_sends_nothing_keeps_wait_and_goes_stale()
    {
        await using var f = new SocketDriverFixture(maxAgeSeconds: 2, dump: []);
        f.Fake.AnswerPings = false;
        f.Fake.Start();
        f.StartBridge();

        Wait.Until(() => f.Device.Availability() == NutError.DataStale, "DATA-STALE by MAXAGE");
        Assert.That(f.Device.SnapshotVariables(), Is.EqualTo(new[] { ("ups.status", "WAIT") }));
    }
}
