using NutSharp.Devices;
using NutSharp.Drivers.Hid;
using NutSharp.Drivers.TrippLite;
using NutSharp.Tests.Hid;

namespace NutSharp.Tests.TrippLite;

public class TrippLiteMappingTests
{
    private readonly SyntheticSamples _samples = new();

    private (TrippLiteUps Ups, ReplayState State) Connect(ushort product = 0x3012)
    {
        var state = new ReplayState(_samples.Recording(product));
        var device = new ReplayHidDevice(state, "synthetic");
        var ups = new TrippLiteUps(device, ReportDescriptorParser.Parse(device.ReadDescriptor()), TrippLiteProducts.Scales(0x09ae, product)!);
        ups.Update(UpdateMode.Init);
        return (ups, state);
    }

    private static Dictionary<string, string> Published(TrippLiteUps ups) =>
        new(ups.Values) { ["ups.status"] = ups.Status };

    [Test]
    public void The_on_line_samples_give_the_variables_nut_publishes()
    {
        var (ups, _) = Connect();
        var expected = _samples.ExpectedNut("online");
        Assert.That(Published(ups).Where(p => expected.ContainsKey(p.Key)), Is.EquivalentTo(expected));
        Assert.That(ups.Alarm, Is.Null);
    }

    [Test]
    public void The_on_battery_samples_give_the_variables_nut_publishes_with_the_alarm_nut_2_8_0_adds()
    {
        var (ups, state) = Connect();
        foreach (var report in _samples.OnBatteryOverlay.Values) state.SetReport(report);
        ups.Update(UpdateMode.Full);
        var expected = _samples.ExpectedNut("on_battery");
        // ShutdownImminent sets ups.alarm "Shutdown imminent!" (ups_alarm_set), and NUT 2.8.0's
        // status_commit (drivers/dstate.c) puts ALARM in front of ups.status whenever an alarm is
        // set; the fixture's expected_nut leaves that token out.
        Assert.That(ups.Status, Is.EqualTo("ALARM " + expected["ups.status"]));
        Assert.That(ups.Alarm, Is.EqualTo("Shutdown imminent!"));
        expected.Remove("ups.status");
        Assert.That(ups.Values.Where(p => expected.ContainsKey(p.Key)), Is.EquivalentTo(expected));
    }

    [Test]
    public void A_quick_update_reads_the_status_bits_but_not_the_measurements()
    {
        var (ups, state) = Connect();
        foreach (var report in _samples.OnBatteryOverlay.Values) state.SetReport(report);
        ups.Update(UpdateMode.Quick);
        Assert.That(ups.Status, Does.StartWith("OB DISCHRG"), "ACPresent and Discharging are quick-poll bits");
        Assert.That(ups.Values["battery.charge"], Is.EqualTo("100"), "battery.charge waits for the full update");
    }

    [Test]
    public void Static_values_are_read_once()
    {
        var (ups, state) = Connect();
        state.SetReport([0x30, 0xe6]); // input.voltage.nominal would read 230
        ups.Update(UpdateMode.Full);
        Assert.That(ups.Values["input.voltage.nominal"], Is.EqualTo("120"));
    }

    [Test]
    public void Load_off_delay_20_writes_the_sample_buffer_and_the_timer_follows()
    {
        var (ups, state) = Connect();
        Assert.That(ups.CommandAsync("load.off.delay", null, TimeProvider.System, default).AsTask().Result, Is.EqualTo(TrackingStatus.Success));
        Assert.That(state.Writes.Single(), Is.EqualTo(_samples.LoadOffDelay20s));
        ups.Update(UpdateMode.Quick);
        Assert.That(ups.Values["ups.timer.shutdown"], Is.EqualTo("20"));
    }

    [Test]
    public void Shutdown_stop_writes_minus_one()
    {
        var (ups, state) = Connect();
        ups.CommandAsync("shutdown.stop", null, TimeProvider.System, default).AsTask().Wait();
        Assert.That(Convert.ToHexString(state.Writes.Single()), Is.EqualTo("15FFFF"));
    }

    [Test]
    public void Beeper_commands_write_nuts_values_and_the_old_names_still_work()
    {
        var (ups, state) = Connect();
        ups.CommandAsync("beeper.disable", null, TimeProvider.System, default).AsTask().Wait();
        ups.Update(UpdateMode.Full);
        Assert.That(ups.Values["ups.beeper.status"], Is.EqualTo("disabled"));
        ups.CommandAsync("beeper.on", null, TimeProvider.System, default).AsTask().Wait();
        ups.Update(UpdateMode.Full);
        Assert.That(ups.Values["ups.beeper.status"], Is.EqualTo("enabled"));
        Assert.That(state.Writes.Select(Convert.ToHexString), Is.EqualTo(new[] { "1101", "1102" }));
    }

    [Test]
    public void The_commands_are_those_the_descriptor_has_plus_usbhid_ups_composites()
    {
        var (ups, _) = Connect();
        Assert.That(ups.Commands, Is.EquivalentTo(new[]
        {
            "test.battery.start.quick", "test.battery.start.deep", "test.battery.stop", "load.off.delay", "load.on.delay",
            "shutdown.stop", "shutdown.reboot", "beeper.disable", "beeper.enable", "beeper.mute",
            "load.off", "load.on", "shutdown.return", "shutdown.stayoff", "beeper.on", "beeper.off",
        }));
    }

    [Test]
    public void Shutdown_return_writes_the_start_delay_then_the_shutdown_delay()
    {
        var (ups, state) = Connect();
        state.SetReport([0x61, 0xff, 0xff]); // DelayBeforeStartup, which the samples leave out
        Assert.That(ups.Set("ups.delay.start", "45"), Is.EqualTo(TrackingStatus.Success));
        Assert.That(ups.CommandAsync("shutdown.return", null, TimeProvider.System, default).AsTask().Result, Is.EqualTo(TrackingStatus.Success));
        Assert.That(state.Writes.Select(Convert.ToHexString), Is.EqualTo(new[] { "612D00", "151400" }));
    }

    [Test]
    public void A_command_on_a_report_the_device_refuses_fails_without_dropping_the_device()
    {
        var (ups, _) = Connect();
        Assert.That(ups.CommandAsync("test.battery.start.quick", null, TimeProvider.System, default).AsTask().Result, Is.EqualTo(TrackingStatus.Failed));
        Assert.That(ups.LastWriteError, Does.Contain("0x10"));
    }

    [Test]
    public void The_shutdown_and_start_delays_are_nut_side_settings_with_nuts_defaults()
    {
        var (ups, state) = Connect();
        Assert.That(ups.Values["ups.delay.shutdown"], Is.EqualTo("20"));
        Assert.That(ups.Values["ups.delay.start"], Is.EqualTo("30"));
        Assert.That(ups.Writable, Does.ContainKey("ups.delay.shutdown").WithValue(10));
        Assert.That(ups.Set("ups.delay.shutdown", "60"), Is.EqualTo(TrackingStatus.Success));
        Assert.That(state.Writes, Is.Empty);
        Assert.That(ups.Set("battery.voltage", "1"), Is.EqualTo(TrackingStatus.Unknown));
    }

    [Test]
    public void A_value_outside_the_fields_logical_range_is_refused()
    {
        var (ups, state) = Connect();
        Assert.That(ups.CommandAsync("load.off.delay", "40000", TimeProvider.System, default).AsTask().Result, Is.EqualTo(TrackingStatus.InvalidArgument));
        Assert.That(state.Writes, Is.Empty);
    }

    [Test]
    public void The_3016_correction_multiplies_voltages_and_divides_frequencies_as_nut_does()
    {
        var (ups, _) = Connect(0x3016);
        Assert.That(ups.Values["input.voltage"], Is.EqualTo("12000000.0"), "NUT's ×100000 on a descriptor that already has the right exponent");
        Assert.That(ups.Values["input.frequency"], Is.EqualTo("0.6"));
    }

    [Test]
    public void Products_with_nuts_tenth_battery_scale_divide_the_battery_voltage()
    {
        var (ups, _) = Connect(0x2012);
        Assert.That(ups.Values["battery.voltage"], Is.EqualTo("2.7"));
    }

    [TestCase(StatusBits.Online | StatusBits.Charging, "OL CHRG")]
    [TestCase(StatusBits.Online | StatusBits.Charging | StatusBits.FullyCharged, "OL")]
    [TestCase(StatusBits.Discharging | StatusBits.Depleted, "OB")]
    [TestCase(StatusBits.Online | StatusBits.Discharging, "OL DISCHRG")]
    [TestCase(StatusBits.Online | StatusBits.Overload | StatusBits.Trim, "OL OVER TRIM")]
    [TestCase(StatusBits.Online | StatusBits.Boost | StatusBits.LowBattery, "OL LB BOOST")]
    [TestCase(StatusBits.Online | StatusBits.ReplaceBattery, "ALARM OL RB")]
    [TestCase(StatusBits.Online | StatusBits.Overheat, "ALARM OL")]
    public void Status_flags_become_nut_tokens_in_usbhid_ups_order(StatusBits bits, string expected)
    {
        Assert.That(UpsStatusText.Status(bits), Is.EqualTo(expected));
    }

    [Test]
    public void Alarms_are_joined_in_usbhid_ups_order()
    {
        Assert.That(UpsStatusText.Alarm(StatusBits.ReplaceBattery | StatusBits.ShutdownImminent | StatusBits.AwaitingPower),
            Is.EqualTo("Replace battery! Shutdown imminent! Awaiting power!"));
    }

    [Test]
    public void Online_discharge_reads_as_on_battery_with_the_onlinedischarge_flag()
    {
        Assert.That(UpsStatusText.Status(StatusBits.Online | StatusBits.Discharging, onlineDischarge: true), Is.EqualTo("OB DISCHRG"));
    }

    [Test]
    public void An_input_report_updates_the_status_between_polls()
    {
        var (ups, state) = Connect();
        state.SendInput([0x32, 0x29]);
        ups.Update(UpdateMode.Quick);
        Assert.That(ups.Status, Is.EqualTo("ALARM OB DISCHRG LB"));
    }

    [Test]
    public void Without_descriptor_paths_the_values_come_from_protocol_2012s_fixed_reports()
    {
        // Only the UPS collection and a percent load in report 0x1e (which the samples do not answer).
        byte[] bare = [0x05, 0x84, 0x09, 0x04, 0xa1, 0x01, 0x85, 0x1e, 0x09, 0x35, 0x75, 0x08, 0x95, 0x01, 0x15, 0x00, 0x26, 0xff, 0x00, 0xb1, 0x02, 0xc0];
        var recording = _samples.Recording();
        var state = new ReplayState(new HidRecording { VendorId = 0x09ae, ProductId = 0x2012, Descriptor = bare, Feature = recording.Feature });
        var device = new ReplayHidDevice(state, "bare");
        var ups = new TrippLiteUps(device, ReportDescriptorParser.Parse(bare), TrippLiteProducts.Scales(0x09ae, 0x2012)!);
        ups.Update(UpdateMode.Init);
        var expected = _samples.ExpectedNut("online");
        Assert.That(Published(ups).Where(p => expected.ContainsKey(p.Key)), Is.EquivalentTo(expected));

        foreach (var report in _samples.OnBatteryOverlay.Values) state.SetReport(report);
        ups.Update(UpdateMode.Full);
        expected = _samples.ExpectedNut("on_battery");
        expected["ups.status"] = "ALARM " + expected["ups.status"];
        Assert.That(Published(ups).Where(p => expected.ContainsKey(p.Key)), Is.EquivalentTo(expected));
    }
}
