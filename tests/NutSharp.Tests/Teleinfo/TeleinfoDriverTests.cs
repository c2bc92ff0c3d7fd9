using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using NutSharp.Config;
using NutSharp.Devices;
using NutSharp.Drivers;
using NutSharp.Drivers.Teleinfo;
using NutSharp.Testing;
using NutSharp.Tests.Testing;

namespace NutSharp.Tests.Teleinfo;

/// <summary>
/// The teleinfo driver in-process, reading a pseudo-terminal through System.IO.Ports while the test
/// writes fixture frames into it at the line's pace; the device is checked as a front-end sees it.
/// </summary>
[SupportedOSPlatform("linux")]
[NonParallelizable]
public sealed class TeleinfoDriverTests
{
    private readonly List<IDisposable> _cleanup = [];
    private CancellationTokenSource _stop = null!;
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _cleanup.Clear();
        _stop = new CancellationTokenSource();
        _directory = Path.Combine(Path.GetTempPath(), "teleinfo-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void StopEverything()
    {
        _stop.Cancel();
        foreach (var item in Enumerable.Reverse(_cleanup)) item.Dispose();
        _stop.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private sealed record Running(Device Device, LogRecorder Log, Task Run, TeleinfoDriver Driver)
    {
        public string? Value(string name) => Device.Current[name];

        public Availability Availability => Device.Availability(Device.Current);
    }

    private Running Start(string port, params (string Key, string? Value)[] options)
    {
        var store = new DeviceStore(new TrackingRegistry(), TimeProvider.System);
        _cleanup.Add(store);
        var device = store.Add("meter", null);
        var section = new UpsSection("meter", "teleinfo", port, null,
            [new("driver", "teleinfo"), new("port", port), .. options.Select(o => new KeyValuePair<string, string?>(o.Key, o.Value))], 1);
        var log = new LogRecorder();
        var driver = new TeleinfoDriver(new DriverContext { Device = device, Section = section, LoggerFactory = log });
        device.Driver = driver;
        var run = Task.Run(() => driver.RunAsync(_stop.Token));
        _cleanup.Add(new Stopper(_stop, run));
        return new Running(device, log, run, driver);
    }

    private sealed class Stopper(CancellationTokenSource stop, Task run) : IDisposable
    {
        public void Dispose()
        {
            stop.Cancel();
            Assert.That(Task.WhenAny(run, Task.Delay(Wait.DefaultTimeout)).Result, Is.SameAs(run), "the driver stops when cancelled");
        }
    }

    private TeleinfoLine Line(string fixture, int baud)
    {
        var line = new TeleinfoLine();
        _cleanup.Add(line);
        line.StartSending(TeleinfoFixtures.Bytes(fixture), baud);
        return line;
    }

    [Test]
    public void A_historic_meter_is_published_as_a_meter_on_line()
    {
        var line = Line("historic_base_mono", 1200);
        var meter = Start(line.DevicePath, ("mode", "historic"));
        Wait.Until(() => meter.Value("input.power") == "1650", "the meter's power");
        Assert.Multiple(() =>
        {
            Assert.That(meter.Availability, Is.EqualTo(Availability.Available));
            Assert.That(meter.Value("ups.status"), Is.EqualTo("OL"));
            Assert.That(meter.Value("device.type"), Is.EqualTo("meter"));
            Assert.That(meter.Value("driver.name"), Is.EqualTo("teleinfo"));
            Assert.That(meter.Value("driver.parameter.mode"), Is.EqualTo("historic"));
            Assert.That(meter.Value("experimental.teleinfo.adco"), Is.EqualTo("021861******"));
            Assert.That(meter.Log.AtLeast(LogLevel.Warning), Is.Empty);
        });
    }

    [Test]
    public void Auto_mode_finds_a_standard_meter_and_says_so_once()
    {
        var line = Line("standard_mono", 9600);
        var meter = Start(line.DevicePath);
        Wait.Until(() => meter.Value("input.voltage") == "231", "the standard meter's voltage");
        Assert.Multiple(() =>
        {
            Assert.That(meter.Value("driver.parameter.mode"), Is.EqualTo("standard"));
            Assert.That(meter.Value("driver.parameter.baudrate"), Is.EqualTo("9600"));
            Assert.That(meter.Log.Lines.Count(l => l.Text.EndsWith("trying standard mode (9600 baud)", StringComparison.Ordinal) && l.Level >= LogLevel.Information), Is.EqualTo(1));
            Assert.That(meter.Log.Lines.Count(l => l.Text.Contains("reading a meter in standard mode", StringComparison.Ordinal)), Is.EqualTo(1));
        });
    }

    [Test]
    public void A_silent_meter_goes_stale_and_comes_back_when_frames_return()
    {
        var line = Line("historic_base_mono", 1200);
        var meter = Start(line.DevicePath, ("mode", "historic"), ("stale_after", "1"));
        Wait.Until(() => meter.Availability == Availability.Available, "data");
        line.StopSending();
        Wait.Until(() => meter.Availability == Availability.Stale, "the data to go stale");
        line.StartSending(TeleinfoFixtures.Bytes("historic_base_mono"), 1200);
        Wait.Until(() => meter.Availability == Availability.Available, "the data to come back");
        Assert.That(meter.Run.IsCompleted, Is.False);
    }

    [Test]
    public void Checksum_errors_are_logged_once_per_episode_and_bad_groups_are_not_published()
    {
        var good = TeleinfoFixtures.Bytes("historic_base_mono");
        var bad = TeleinfoFixtures.Bytes("fault_bad_checksum");
        var line = new TeleinfoLine();
        _cleanup.Add(line);
        line.StartSending([.. good, .. bad, .. bad, .. bad, .. good], 4800);
        var meter = Start(line.DevicePath, ("mode", "historic"));
        Wait.Until(() => meter.Log.Lines.Any(l => l.Text.Contains("recovered", StringComparison.Ordinal)), "the checksum episode to end");
        Assert.Multiple(() =>
        {
            var warnings = meter.Log.AtLeast(LogLevel.Warning);
            Assert.That(warnings.Count(w => w.Contains("bad checksum (first in group PAPP)", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(1));
            Assert.That(meter.Value("experimental.teleinfo.papp"), Is.EqualTo("01650"), "the previous good value stays");
        });
    }

    [Test]
    public void A_missing_port_is_reported_once_and_an_adapter_appearing_at_the_path_is_read()
    {
        string link = Path.Combine(_directory, "ttyTIC");
        var meter = Start(link, ("mode", "historic"));
        Wait.Until(() => meter.Log.AtLeast(LogLevel.Warning).Any(w => w.Contains("does not exist (adapter unplugged?)", StringComparison.Ordinal)), "the missing port to be reported");
        Assert.That(meter.Availability, Is.EqualTo(Availability.NotConnected));
        var line = Line("historic_base_mono", 1200);
        File.CreateSymbolicLink(link, line.DevicePath);
        Wait.Until(() => meter.Value("input.power") == "1650", "the meter to be read once plugged");
        Assert.That(meter.Log.AtLeast(LogLevel.Warning).Count(w => w.Contains("does not exist", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public void An_unplugged_adapter_makes_the_data_stale_and_a_new_one_at_the_same_path_is_read()
    {
        string link = Path.Combine(_directory, "ttyTIC");
        var first = new TeleinfoLine();
        first.StartSending(TeleinfoFixtures.Bytes("historic_base_mono"), 1200);
        File.CreateSymbolicLink(link, first.DevicePath);
        var meter = Start(link, ("mode", "historic"));
        Wait.Until(() => meter.Value("input.power") == "1650", "the first adapter's data");

        first.Dispose();
        File.Delete(link);
        Wait.Until(() => meter.Availability == Availability.Stale, "the data to go stale after the hang-up");
        Wait.Until(() => meter.Log.AtLeast(LogLevel.Warning).Any(w => w.Contains("hung up", StringComparison.Ordinal)), "the hang-up to be logged");

        var second = Line("historic_hchp_mono_adps", 1200);
        File.CreateSymbolicLink(link, second.DevicePath);
        Wait.Until(() => meter.Value("input.power") == "3910", "the replugged adapter's data");
        Assert.Multiple(() =>
        {
            Assert.That(meter.Availability, Is.EqualTo(Availability.Available));
            Assert.That(meter.Value("ups.status"), Is.EqualTo("ALARM OL OVER"));
            Assert.That(meter.Log.AtLeast(LogLevel.Warning).Count(w => w.Contains("hung up", StringComparison.Ordinal)), Is.EqualTo(1), "the outage is logged once");
            Assert.That(meter.Run.IsCompleted, Is.False);
        });
    }

    [Test]
    public void A_standard_meter_in_standard_mode_shows_its_overrun()
    {
        var line = Line("standard_mono_overload", 9600);
        var meter = Start(line.DevicePath, ("mode", "standard"));
        Wait.Until(() => meter.Value("ups.status") == "ALARM OL OVER", "the overrun");
        Assert.Multiple(() =>
        {
            Assert.That(meter.Value("ups.alarm"), Is.EqualTo("[Reference power exceeded]"));
            Assert.That(meter.Value("input.power"), Is.EqualTo("10310"));
            Assert.That(meter.Value("experimental.teleinfo.adsc"), Is.EqualTo("041975******"));
        });
    }

    [Test]
    public void Garbage_publishes_nothing_and_the_mode_search_is_logged_once_until_a_meter_speaks()
    {
        var noise = new byte[2000];
        new Random(13).NextBytes(noise);
        var line = new TeleinfoLine();
        _cleanup.Add(line);
        line.StartSending(noise, 9600);
        var meter = Start(line.DevicePath, ("detect_after", "1"));
        Wait.Until(() => meter.Log.Lines.Any(l => l.Text.Contains("still failing (attempt 3)", StringComparison.Ordinal)), "several mode switches");
        Assert.Multiple(() =>
        {
            Assert.That(meter.Availability, Is.EqualTo(Availability.NotConnected), "nothing valid has arrived");
            Assert.That(meter.Device.Current.Variables, Is.Empty);
            Assert.That(meter.Log.Lines.Count(l => l.Level >= LogLevel.Information && l.Text.Contains("no valid Teleinfo group", StringComparison.Ordinal)), Is.EqualTo(1));
        });
        line.StartSending(TeleinfoFixtures.Bytes("historic_base_mono"), 1200);
        Wait.Until(() => meter.Value("input.power") == "1650", "the meter once it speaks");
    }
}
