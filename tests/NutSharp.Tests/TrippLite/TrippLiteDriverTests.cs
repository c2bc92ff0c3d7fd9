using Microsoft.Extensions.Logging;
using NutSharp.Config;
using NutSharp.Devices;
using NutSharp.Drivers;
using NutSharp.Drivers.Hid;
using NutSharp.Drivers.TrippLite;
using NutSharp.Tests.Drivers;
using NutSharp.Tests.Hid;

namespace NutSharp.Tests.TrippLite;

/// <summary>The usbhid-ups stand-in on a replayed UPS, on a fake clock: publishing, requests and faults.</summary>
public class TrippLiteDriverTests
{
    private readonly SyntheticSamples _samples = new();

    private static DriverContext Context(DriverBench bench, params (string Key, string? Value)[] options) => new()
    {
        Device = bench.Device,
        Section = new UpsSection("ups", "usbhid-ups", "auto", null,
            [new("driver", "usbhid-ups"), new("port", "auto"), new("vendorid", "09ae"), .. options.Select(o => new KeyValuePair<string, string?>(o.Key, o.Value))], 3),
        LoggerFactory = bench.Log,
        Time = bench.Time,
    };

    private (TrippLiteDriver Driver, ReplayState State) Start(DriverBench bench, params (string Key, string? Value)[] options)
    {
        var source = new ReplaySource(new ReplayState(_samples.Recording()), "/tmp/recording.json");
        var driver = new TrippLiteDriver(Context(bench, options), source) { NotConnectedAfter = TimeSpan.FromSeconds(60) };
        return (driver, source.State);
    }

    [Test]
    public void The_first_poll_publishes_what_usbhid_ups_publishes_for_the_recorded_ups()
    {
        using var bench = new DriverBench();
        var (driver, _) = Start(bench);
        Assert.That(driver.PollOnceAsync().Result, Is.True);
        var s = bench.Device.Current;
        foreach (var (name, value) in _samples.ExpectedNut("online")) Assert.That(s[name], Is.EqualTo(value), name);
        Assert.Multiple(() =>
        {
            Assert.That(s["driver.name"], Is.EqualTo("usbhid-ups"));
            Assert.That(s["driver.version.data"], Is.EqualTo("TrippLite HID 0.84"));
            Assert.That(s["driver.parameter.pollfreq"], Is.EqualTo("30"));
            Assert.That(s["ups.mfr"], Is.EqualTo("Tripp Lite"));
            Assert.That(s["ups.model"], Is.EqualTo("SYNTHETIC1500LCD"));
            Assert.That(s["ups.serial"], Is.EqualTo("SYN0001"));
            Assert.That(s["ups.vendorid"], Is.EqualTo("09ae"));
            Assert.That(s["ups.productid"], Is.EqualTo("3012"));
            Assert.That(s["ups.delay.shutdown"], Is.EqualTo("20"));
            Assert.That(s.Find("ups.delay.shutdown")!.Flags, Is.EqualTo(VariableFlags.ReadWrite | VariableFlags.String));
            Assert.That(s.Find("ups.delay.shutdown")!.Aux, Is.EqualTo(10));
            Assert.That(s.HasCommand("load.off.delay") && s.HasCommand("shutdown.return") && s.HasCommand("beeper.mute"), Is.True);
            Assert.That(s["ups.alarm"], Is.Null);
            Assert.That(bench.Availability, Is.EqualTo(Availability.Available));
        });
    }

    [Test]
    public void Offdelay_and_ondelay_from_ups_conf_set_the_delays()
    {
        using var bench = new DriverBench();
        var (driver, _) = Start(bench, ("offdelay", "90"), ("ondelay", "120"));
        driver.PollOnceAsync().Wait();
        Assert.That((bench.Device.Current["ups.delay.shutdown"], bench.Device.Current["ups.delay.start"]), Is.EqualTo(("90", "120")));
    }

    [Test]
    public void A_set_and_a_command_reach_the_ups_and_the_next_poll_shows_them()
    {
        using var bench = new DriverBench();
        var (driver, state) = Start(bench);
        driver.PollOnceAsync().Wait();
        driver.SetVariable("ups.delay.shutdown", "45", null);
        driver.InstantCommand("load.off.delay", null, null);
        driver.ServePendingRequestsAsync().AsTask().Wait();
        Assert.That(bench.Device.Current["ups.delay.shutdown"], Is.EqualTo("45"), "published at once");
        Assert.That(Convert.ToHexString(state.Writes.Single()), Is.EqualTo("151400"),
            "load.off.delay without a parameter writes the table's 20 s, as NUT; ups.delay.shutdown is what shutdown.return uses");
        driver.PollOnceAsync().Wait();
        Assert.That(bench.Device.Current["ups.timer.shutdown"], Is.EqualTo("20"));
    }

    [Test]
    public void An_unplugged_ups_shows_stale_then_not_connected_and_is_logged_once_each_way()
    {
        using var bench = new DriverBench();
        var (driver, state) = Start(bench);
        driver.PollOnceAsync().Wait();
        state.Unplugged = true;
        Assert.That(driver.PollOnceAsync().Result, Is.False);
        Assert.That(bench.Availability, Is.EqualTo(Availability.Stale));
        Assert.That(bench.Device.Current["battery.charge"], Is.EqualTo("100"), "the last data stays, marked stale");
        Assert.That(driver.PollOnceAsync().Result, Is.False);
        Assert.That(bench.Availability, Is.EqualTo(Availability.Stale));
        bench.Time.Advance(TimeSpan.FromSeconds(61));
        Assert.That(driver.PollOnceAsync().Result, Is.False);
        Assert.That(bench.Availability, Is.EqualTo(Availability.NotConnected));
        Assert.That(bench.Log.AtLeast(LogLevel.Warning), Has.Count.EqualTo(1));

        state.Unplugged = false;
        Assert.That(driver.PollOnceAsync().Result, Is.True);
        Assert.That(bench.Availability, Is.EqualTo(Availability.Available));
        Assert.That(bench.Device.Current["ups.status"], Is.EqualTo("OL"));
        Assert.That(bench.Log.Lines.Count(l => l.Text.Contains("recovered", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public void A_short_report_skips_its_items_and_keeps_the_rest_fresh()
    {
        using var bench = new DriverBench();
        var (driver, state) = Start(bench);
        driver.PollOnceAsync().Wait();
        state.AnswerShort(0x35);
        state.SetReport([0x34, 0x50]);
        bench.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.That(driver.PollOnceAsync().Result, Is.True);
        Assert.That(bench.Device.Current["battery.charge"], Is.EqualTo("80"));
        Assert.That(bench.Device.Current["battery.runtime"], Is.EqualTo("1004"), "the short report's item keeps its last value");
        Assert.That(bench.Availability, Is.EqualTo(Availability.Available));
    }

    [Test]
    public void A_ups_answering_no_report_at_all_is_a_fault()
    {
        using var bench = new DriverBench();
        var (driver, state) = Start(bench);
        driver.PollOnceAsync().Wait();
        foreach (byte id in _samples.Online.Keys) state.Refuse(id);
        bench.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.That(driver.PollOnceAsync().Result, Is.False);
        Assert.That(bench.Log.AtLeast(LogLevel.Warning).Single(), Does.Contain("none of"));
    }

    [Test]
    public void A_descriptor_that_cannot_be_parsed_is_reported_naming_the_device()
    {
        using var bench = new DriverBench();
        var recording = _samples.Recording();
        var broken = new HidRecording { VendorId = 0x09ae, ProductId = 0x3016, Descriptor = [0x05, 0x84, 0x09, 0x04, 0xa1, 0x01], Feature = recording.Feature };
        var driver = new TrippLiteDriver(Context(bench), new ReplaySource(new ReplayState(broken), "/tmp/broken.json"));
        Assert.That(driver.PollOnceAsync().Result, Is.False);
        Assert.That(bench.Availability, Is.EqualTo(Availability.NotConnected));
        Assert.That(bench.Log.AtLeast(LogLevel.Warning).Single(), Does.Contain("09ae:3016 (/tmp/broken.json)").And.Contain("cannot be parsed"));
    }

    [Test]
    public void The_serial_over_usb_model_is_refused_with_the_driver_to_use()
    {
        using var bench = new DriverBench();
        var recording = _samples.Recording(0x0001);
        var driver = new TrippLiteDriver(Context(bench), new ReplaySource(new ReplayState(recording), "old"));
        Assert.That(driver.PollOnceAsync().Result, Is.False);
        Assert.That(string.Join("\n", bench.Log.AtLeast(LogLevel.Warning)), Does.Contain("tripplite_usb"));
    }

    [Test]
    public void A_replugged_ups_is_found_again_by_its_serial_whatever_node_it_gets()
    {
        using var bench = new DriverBench();
        var state = new ReplayState(_samples.Recording());
        var source = new RenumberingSource(state);
        var driver = new TrippLiteDriver(Context(bench), source);
        driver.PollOnceAsync().Wait();
        Assert.That(driver.Current!.Node, Is.EqualTo("/dev/hidraw0"));

        state.Unplugged = true;
        driver.PollOnceAsync().Wait();
        state.Unplugged = false;
        source.Node = "/dev/hidraw7";
        source.Other = true; // another Tripp Lite now enumerates first
        Assert.That(driver.PollOnceAsync().Result, Is.True);
        Assert.That(driver.Current!.Node, Is.EqualTo("/dev/hidraw7"));
        Assert.That(driver.Current.Serial, Is.EqualTo("SYN0001"));
    }

    [Test]
    public void Quick_polls_read_the_status_and_the_full_update_comes_every_pollfreq()
    {
        using var bench = new DriverBench();
        var (driver, state) = Start(bench, ("pollfreq", "10"));
        driver.PollOnceAsync().Wait();
        foreach (var report in _samples.OnBatteryOverlay.Values) state.SetReport(report);
        bench.Time.Advance(TimeSpan.FromSeconds(2));
        driver.PollOnceAsync().Wait();
        Assert.That(bench.Device.Current["ups.status"], Does.StartWith("OB DISCHRG"));
        Assert.That(bench.Device.Current["battery.charge"], Is.EqualTo("100"));
        bench.Time.Advance(TimeSpan.FromSeconds(10));
        driver.PollOnceAsync().Wait();
        Assert.That(bench.Device.Current["battery.charge"], Is.EqualTo("12"));
        Assert.That(bench.Device.Current["ups.status"], Is.EqualTo("ALARM OB DISCHRG LB"));
        Assert.That(bench.Device.Current["ups.alarm"], Is.EqualTo("Shutdown imminent!"));
    }

    [Test]
    public void Input_reports_update_the_status_unless_pollonly_is_set()
    {
        foreach (bool pollOnly in new[] { false, true })
        {
            using var bench = new DriverBench();
            var (driver, state) = pollOnly ? Start(bench, ("pollonly", null)) : Start(bench);
            driver.PollOnceAsync().Wait();
            state.SendInput([0x32, 0x29]); // the UPS reports a power failure on its interrupt pipe
            bench.Time.Advance(TimeSpan.FromSeconds(2));
            driver.PollOnceAsync().Wait();
            Assert.That(bench.Device.Current["ups.status"], Is.EqualTo(pollOnly ? "OL" : "ALARM OB DISCHRG LB"), pollOnly ? "pollonly" : "default");
        }
    }

    [Test]
    public void An_unlisted_tripp_lite_product_is_read_as_experimental_and_said_once()
    {
        using var bench = new DriverBench();
        var state = new ReplayState(_samples.Recording(0x3999));
        var driver = new TrippLiteDriver(Context(bench), new ReplaySource(state, "new-model.json"));
        Assert.That(driver.PollOnceAsync().Result, Is.True);
        state.Unplugged = true;
        driver.PollOnceAsync().Wait();
        state.Unplugged = false;
        Assert.That(driver.PollOnceAsync().Result, Is.True);
        Assert.That(bench.Device.Current["battery.voltage"], Is.EqualTo("27.0"), "no per-product correction");
        Assert.That(bench.Log.Lines.Count(l => l.Text.Contains("experimental", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    /// <summary>The replayed UPS under a hidraw node that changes on replug, beside another Tripp Lite with another serial.</summary>
    private sealed class RenumberingSource(ReplayState state) : IHidDeviceSource
    {
        public string Node { get; set; } = "/dev/hidraw0";

        public bool Other { get; set; }

        public IReadOnlyList<HidDeviceInfo> Enumerate()
        {
            var list = new List<HidDeviceInfo>();
            if (Other) list.Add(new HidDeviceInfo("/dev/hidraw2", 0x09ae, 0x2012, "OTHER", "Tripp Lite", "OMNI", "001", "usb-x-2"));
            if (!state.Unplugged) list.Add(new HidDeviceInfo(Node, 0x09ae, 0x3012, "SYN0001", "Tripp Lite", "SYNTHETIC1500LCD", "001", "usb-x-1"));
            return list;
        }

        public IHidDevice Open(HidDeviceInfo info) =>
            info.Serial == "SYN0001" ? new ReplayHidDevice(state, info.Node) : throw new HidDeviceException(HidFailure.Access, "not this one");
    }
}
