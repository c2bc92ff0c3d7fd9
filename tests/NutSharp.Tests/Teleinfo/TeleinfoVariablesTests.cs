using Microsoft.Extensions.Time.Testing;
using NutSharp.Drivers.Teleinfo;

namespace NutSharp.Tests.Teleinfo;

public class TeleinfoVariablesTests
{
    private readonly FakeTimeProvider _time = new();

    private Dictionary<string, string> Variables(TeleinfoReadings readings, TeleinfoMode mode, bool showIdentifiers = false) =>
        TeleinfoVariables.Map(readings, mode, showIdentifiers).ToDictionary(p => p.Key, p => p.Value);

    private TeleinfoReadings Read(params string[] fixtures)
    {
        var readings = new TeleinfoReadings(_time);
        foreach (var name in fixtures)
        {
            var handler = new TeleinfoFixtures.RecordingHandler();
            var data = TeleinfoFixtures.Bytes(name);
            new TeleinfoParser(TeleinfoFixtures.Mode(name)).Parse(new System.Buffers.ReadOnlySequence<byte>(data), handler);
            foreach (var frame in handler.Frames) readings.Apply(frame);
        }
        return readings;
    }

    private static TeleinfoGroup Valid(string label, string value) => new(label, value, null, ' ', true);

    [Test]
    public void A_historic_base_frame_gives_the_current_the_power_and_the_share_of_the_subscription()
    {
        var v = Variables(Read("historic_base_mono"), TeleinfoMode.Historic);
        Assert.Multiple(() =>
        {
            Assert.That(v["ups.status"], Is.EqualTo("OL"));
            Assert.That(v, Does.Not.ContainKey("ups.alarm"));
            Assert.That(v["input.phases"], Is.EqualTo("1"));
            Assert.That(v["input.current"], Is.EqualTo("7"));
            Assert.That(v["input.current.maximum"], Is.EqualTo("90"));
            Assert.That(v["input.current.nominal"], Is.EqualTo("30"));
            Assert.That(v["input.power"], Is.EqualTo("1650"));
            Assert.That(v["ups.load"], Is.EqualTo("23.3"));
            Assert.That(v, Does.Not.ContainKey("input.voltage"), "historic meters send no voltage: none is invented");
            Assert.That(v["experimental.meter.energy.import"], Is.EqualTo("12345678"));
            Assert.That(v["experimental.meter.tariff.option"], Is.EqualTo("BASE"));
            Assert.That(v["experimental.meter.tariff.period"], Is.EqualTo("TH.."));
            Assert.That(v["experimental.teleinfo.base"], Is.EqualTo("012345678"), "raw values keep their leading zeros");
            Assert.That(v["experimental.teleinfo.motdetat"], Is.EqualTo("000000"));
            Assert.That(v["device.mfr"], Is.EqualTo("Sagemcom"));
            Assert.That(v["device.model"], Is.EqualTo("Linky single-phase"));
        });
    }

    [TestCase("historic_base_mono", TeleinfoMode.Historic, "021861000042")]
    [TestCase("standard_mono", TeleinfoMode.Standard, "041975000017")]
    [TestCase("standard_mono", TeleinfoMode.Standard, "00000000000042")]
    public void Household_identifiers_appear_in_no_variable_unless_asked_for(string fixture, TeleinfoMode mode, string identifier)
    {
        var hidden = Variables(Read(fixture), mode);
        var shown = Variables(Read(fixture), mode, showIdentifiers: true);
        Assert.Multiple(() =>
        {
            Assert.That(hidden.Values.Where(v => v.Contains(identifier, StringComparison.Ordinal)), Is.Empty);
            Assert.That(hidden, Does.Not.ContainKey("device.serial"));
            Assert.That(shown.Values, Does.Contain(identifier));
        });
    }

    [Test]
    public void Masked_addresses_keep_the_digits_that_name_the_model()
    {
        var v = Variables(Read("historic_base_mono"), TeleinfoMode.Historic);
        var shown = Variables(Read("historic_base_mono"), TeleinfoMode.Historic, showIdentifiers: true);
        Assert.That(v["experimental.teleinfo.adco"], Is.EqualTo("021861******"));
        Assert.That(shown["device.serial"], Is.EqualTo("021861000042"));
    }

    [Test]
    public void An_adps_warning_gives_over_and_an_alarm_and_the_next_frame_without_it_clears_them()
    {
        var readings = Read("historic_hchp_mono_adps");
        var during = Variables(readings, TeleinfoMode.Historic);
        var handler = new TeleinfoFixtures.RecordingHandler();
        new TeleinfoParser(TeleinfoMode.Historic).Parse(new(TeleinfoFixtures.Bytes("historic_base_mono")), handler);
        readings.Apply(handler.Frames[0]);
        var after = Variables(readings, TeleinfoMode.Historic);
        Assert.Multiple(() =>
        {
            Assert.That(during["ups.status"], Is.EqualTo("ALARM OL OVER"));
            Assert.That(during["ups.alarm"], Is.EqualTo("[Subscribed power exceeded (ADPS=17 A)]"));
            Assert.That(during["ups.load"], Is.EqualTo("113.3"));
            Assert.That(during["experimental.meter.energy.import"], Is.EqualTo("3580245"), "HCHC + HCHP");
            Assert.That(during["experimental.teleinfo.ptec"], Is.EqualTo("HP.."));
            Assert.That(after["ups.status"], Is.EqualTo("OL"));
            Assert.That(after, Does.Not.ContainKey("ups.alarm"));
            Assert.That(after, Does.Not.ContainKey("experimental.teleinfo.adps"));
            Assert.That(after, Does.Not.ContainKey("experimental.teleinfo.hchc"), "labels of the previous frame that the meter no longer sends go");
        });
    }

    [Test]
    public void A_standard_frame_gives_voltage_current_power_and_the_raw_labels_unchanged()
    {
        var v = Variables(Read("standard_mono"), TeleinfoMode.Standard);
        Assert.Multiple(() =>
        {
            Assert.That(v["ups.status"], Is.EqualTo("OL"));
            Assert.That(v["input.voltage"], Is.EqualTo("231"));
            Assert.That(v["input.current"], Is.EqualTo("7"));
            Assert.That(v["input.power"], Is.EqualTo("1650"));
            Assert.That(v["input.power.maximum"], Is.EqualTo("4120"));
            Assert.That(v["input.realpower"], Is.EqualTo("1400"));
            Assert.That(v["ups.power.nominal"], Is.EqualTo("9000"));
            Assert.That(v["ups.load"], Is.EqualTo("18.3"));
            Assert.That(v["experimental.meter.energy.import"], Is.EqualTo("12345678"));
            Assert.That(v["experimental.meter.tariff.option"], Is.EqualTo("BASE"));
            Assert.That(v["experimental.teleinfo.ngtf"], Is.EqualTo("      BASE      "));
            Assert.That(v["experimental.teleinfo.msg1"], Is.EqualTo("PAS DE          MESSAGE         "));
            Assert.That(v["experimental.teleinfo.stge"], Is.EqualTo("003A0001"));
            Assert.That(v["experimental.teleinfo.date"], Is.EqualTo(""));
            Assert.That(v["device.mfr"], Is.EqualTo("Landis+Gyr"));
        });
    }

    [Test]
    public void Stge_bit_7_gives_over_and_an_alarm()
    {
        var v = Variables(Read("standard_mono_overload"), TeleinfoMode.Standard);
        Assert.Multiple(() =>
        {
            Assert.That(v["ups.status"], Is.EqualTo("ALARM OL OVER"));
            Assert.That(v["ups.alarm"], Is.EqualTo("[Reference power exceeded]"));
            Assert.That(v["ups.load"], Is.EqualTo("114.6"));
        });
    }

    [Test]
    public void A_breaker_the_meter_opened_shows_as_off_never_on_battery()
    {
        var readings = new TeleinfoReadings(_time);
        readings.Apply([Valid("ADSC", "041975000017"), Valid("SINSTS", "00000"), Valid("STGE", "003A0003")]);
        var v = Variables(readings, TeleinfoMode.Standard);
        Assert.Multiple(() =>
        {
            Assert.That(v["ups.status"], Is.EqualTo("ALARM OFF"));
            Assert.That(v["ups.alarm"], Is.EqualTo("[Breaker open: overpower]"));
        });
    }

    [Test]
    public void A_group_with_a_bad_checksum_is_never_published_and_keeps_the_previous_value()
    {
        var alone = Variables(Read("fault_bad_checksum"), TeleinfoMode.Historic);
        var after = Variables(Read("historic_base_mono", "fault_bad_checksum"), TeleinfoMode.Historic);
        Assert.Multiple(() =>
        {
            Assert.That(alone, Does.Not.ContainKey("experimental.teleinfo.papp"));
            Assert.That(alone, Does.Not.ContainKey("input.power"));
            Assert.That(alone["input.current"], Is.EqualTo("7"), "the frame's other groups are published");
            Assert.That(after["experimental.teleinfo.papp"], Is.EqualTo("01650"));
        });
    }

    [Test]
    public void A_stream_whose_groups_never_pass_their_checksum_publishes_nothing()
    {
        // The standard stream read as historic: every group fails.
        var readings = new TeleinfoReadings(_time);
        var handler = new TeleinfoFixtures.RecordingHandler();
        new TeleinfoParser(TeleinfoMode.Historic).Parse(new(TeleinfoFixtures.Bytes("standard_mono")), handler);
        foreach (var frame in handler.Frames) Assert.That(readings.Apply(frame), Is.False);
        Assert.That(readings.Count, Is.Zero);
    }

    [Test]
    public void Three_phase_short_frames_keep_the_overrun_until_a_minute_after_the_last_one()
    {
        var readings = new TeleinfoReadings(_time);
        TeleinfoGroup[] longFrame = [Valid("ADCO", "021863000042"), Valid("ISOUSC", "20"), Valid("IINST1", "005"), Valid("IINST2", "021"), Valid("IINST3", "002"), Valid("PAPP", "05100"), Valid("PPOT", "00")];
        TeleinfoGroup[] shortFrame = [Valid("ADIR2", "021"), Valid("ADCO", "021863000042"), Valid("IINST1", "005"), Valid("IINST2", "021"), Valid("IINST3", "002")];
        readings.Apply(longFrame);
        readings.Apply(shortFrame);
        var during = Variables(readings, TeleinfoMode.Historic);
        readings.Apply(longFrame);
        var longFrameDuring = Variables(readings, TeleinfoMode.Historic);
        _time.Advance(TeleinfoReadings.ShortFrameLabelLifetime + TimeSpan.FromSeconds(1));
        readings.Apply(longFrame);
        var after = Variables(readings, TeleinfoMode.Historic);
        Assert.Multiple(() =>
        {
            Assert.That(during["ups.status"], Is.EqualTo("ALARM OL OVER"));
            Assert.That(during["ups.alarm"], Is.EqualTo("[Phase 2 current overrun (ADIR2=21 A)]"));
            Assert.That(during["input.power"], Is.EqualTo("5100"), "a short frame drops none of the long frame's values");
            Assert.That(during["input.phases"], Is.EqualTo("3"));
            Assert.That(during["input.L2.current"], Is.EqualTo("21"));
            Assert.That(during["ups.load"], Is.EqualTo("105"), "the largest phase current against the subscription");
            Assert.That(during["device.model"], Is.EqualTo("Linky three-phase"));
            Assert.That(longFrameDuring["ups.status"], Is.EqualTo("ALARM OL OVER"));
            Assert.That(after["ups.status"], Is.EqualTo("OL"));
        });
    }
}
