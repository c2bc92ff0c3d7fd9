using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NutSharp.Devices;
using NutSharp.Http.History;
using NutSharp.Testing;
using NutSharp.Tests.Devices;

namespace NutSharp.Tests.StatusPage;

/// <summary>The status page's in-memory history: what it samples, how it stays bounded, its JSON.</summary>
public class HistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<DeviceChange> Read(DeviceFeed feed)
    {
        var read = feed.ReadAsync().AsTask();
        Assert.That(read.Wait(TimeSpan.FromSeconds(10)), Is.True, "the feed had something to report");
        return read.Result;
    }

    private static Device Online(DeviceStore store, string name, params (string Name, string Value)[] variables)
    {
        var device = store.Add(name, null);
        device.Publish(u =>
        {
            u.LinkUp(showWait: false);
            foreach (var (n, v) in variables) u.SetInfo(n, v);
            u.DumpDone();
        });
        return device;
    }

    private static float[] Column(DeviceHistory history, HistoryFigure figure)
    {
        int index = HistoryFigure.All.ToList().IndexOf(figure);
        return [.. history.Samples().Select(s => s[index])];
    }

    [Test]
    public void Each_change_of_a_charted_figure_is_a_sample_with_its_time()
    {
        var time = new FakeTimeProvider(Start);
        using var store = new DeviceStore(new TrackingRegistry(), time);
        var ups = Online(store, "ups", ("ups.status", "OL"), ("battery.charge", "100"), ("input.voltage", "230.4"));
        using var feed = store.Subscribe();
        var recorder = new HistoryRecorder(store, new HistorySettings(100, TimeSpan.FromSeconds(5)));
        recorder.Apply(Read(feed));
        foreach (var charge in new[] { "90", "80", "70" })
        {
            time.Advance(TimeSpan.FromSeconds(10));
            ups.Publish(u => u.SetInfo("battery.charge", charge));
            recorder.Apply(Read(feed));
        }
        var history = recorder.Find("UPS")!;
        Assert.That(Column(history, HistoryFigure.Charge), Is.EqualTo(new[] { 100f, 90f, 80f, 70f }));
        Assert.That(Column(history, HistoryFigure.InputVoltage), Is.All.EqualTo(230.4f));
        Assert.That(history.Samples().Select(s => s.UnixMilliseconds),
            Is.EqualTo(new[] { 0, 10, 20, 30 }.Select(s => Start.AddSeconds(s).ToUnixTimeMilliseconds())));
    }

    [Test]
    public void Changes_within_the_resolution_update_the_last_sample()
    {
        var time = new FakeTimeProvider(Start);
        using var store = new DeviceStore(new TrackingRegistry(), time);
        var ups = Online(store, "ups", ("ups.status", "OL"), ("ups.load", "10"));
        using var feed = store.Subscribe();
        var recorder = new HistoryRecorder(store, new HistorySettings(100, TimeSpan.FromSeconds(5)));
        recorder.Apply(Read(feed));
        time.Advance(TimeSpan.FromSeconds(6));
        ups.Publish(u => u.SetInfo("ups.load", "20"));
        recorder.Apply(Read(feed));
        time.Advance(TimeSpan.FromSeconds(2));
        ups.Publish(u => u.SetInfo("ups.load", "30"));
        recorder.Apply(Read(feed));
        var history = recorder.Find("ups")!;
        Assert.That(Column(history, HistoryFigure.Load), Is.EqualTo(new[] { 10f, 30f }));
        Assert.That(history.Samples()[1].UnixMilliseconds, Is.EqualTo(Start.AddSeconds(6).ToUnixTimeMilliseconds()),
            "the sample keeps the time its interval started");
    }

    [Test]
    public void Changes_to_other_variables_take_no_sample()
    {
        var time = new FakeTimeProvider(Start);
        using var store = new DeviceStore(new TrackingRegistry(), time);
        var ups = Online(store, "ups", ("ups.status", "OL"), ("battery.charge", "100"));
        using var feed = store.Subscribe();
        var recorder = new HistoryRecorder(store, HistorySettings.Default);
        recorder.Apply(Read(feed));
        time.Advance(TimeSpan.FromMinutes(1));
        ups.Publish(u => { u.SetInfo("ups.status", "OB"); u.SetInfo("ups.temperature", "30"); });
        recorder.Apply(Read(feed));
        Assert.That(recorder.Find("ups")!.Count, Is.EqualTo(1));
    }

    [Test]
    public void The_oldest_samples_go_once_the_history_is_full()
    {
        var time = new FakeTimeProvider(Start);
        using var store = new DeviceStore(new TrackingRegistry(), time);
        var ups = Online(store, "ups", ("ups.status", "OL"), ("battery.charge", "0"));
        using var feed = store.Subscribe();
        var recorder = new HistoryRecorder(store, new HistorySettings(100, TimeSpan.FromSeconds(1)));
        recorder.Apply(Read(feed));
        for (int charge = 1; charge < 250; charge++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            ups.Publish(u => u.SetInfo("battery.charge", charge.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            recorder.Apply(Read(feed));
        }
        var history = recorder.Find("ups")!;
        Assert.That(history.Count, Is.EqualTo(100));
        Assert.That(Column(history, HistoryFigure.Charge), Is.EqualTo(Enumerable.Range(150, 100).Select(c => (float)c)));
    }

    [Test]
    public void A_driver_that_goes_away_leaves_a_gap_in_the_history()
    {
        var time = new FakeTimeProvider(Start);
        using var store = new DeviceStore(new TrackingRegistry(), time);
        var ups = Online(store, "ups", ("ups.status", "OL"), ("battery.charge", "100"));
        using var feed = store.Subscribe();
        var recorder = new HistoryRecorder(store, HistorySettings.Default);
        recorder.Apply(Read(feed));
        time.Advance(TimeSpan.FromSeconds(10));
        ups.Publish(u => u.LinkDown());
        recorder.Apply(Read(feed));
        time.Advance(TimeSpan.FromSeconds(10));
        ups.Publish(u => { u.LinkUp(showWait: false); u.SetInfo("ups.status", "OL"); u.SetInfo("battery.charge", "95"); u.DumpDone(); });
        recorder.Apply(Read(feed));
        Assert.That(Column(recorder.Find("ups")!, HistoryFigure.Charge), Is.EqualTo(new[] { 100f, float.NaN, 95f }));
    }

    [Test]
    public void A_removed_device_takes_its_history_with_it()
    {
        using var store = new DeviceStore(new TrackingRegistry(), new FakeTimeProvider(Start));
        var ups = Online(store, "ups", ("ups.status", "OL"), ("battery.charge", "100"));
        using var feed = store.Subscribe();
        var recorder = new HistoryRecorder(store, HistorySettings.Default);
        recorder.Apply(Read(feed));
        store.Remove(ups);
        recorder.Apply(Read(feed));
        Assert.That(recorder.Find("ups"), Is.Null);
    }

    [Test]
    public void The_json_holds_the_figures_a_ups_is_charted_by_in_columns()
    {
        var time = new FakeTimeProvider(Start);
        using var store = new DeviceStore(new TrackingRegistry(), time);
        var ups = Online(store, "ups", ("ups.status", "OL"), ("battery.charge", "100"), ("battery.runtime", "1200"), ("input.voltage", "230.4"));
        using var feed = store.Subscribe();
        var recorder = new HistoryRecorder(store, new HistorySettings(50, TimeSpan.FromSeconds(5)));
        recorder.Apply(Read(feed));
        time.Advance(TimeSpan.FromSeconds(30));
        ups.Publish(u => u.SetInfo("battery.charge", "99.5"));
        recorder.Apply(Read(feed));

        using var root = Json(recorder.Find("ups")!, ups.Current);
        var json = root.RootElement;
        Assert.That(json.GetProperty("ups").GetString(), Is.EqualTo("ups"));
        Assert.That(json.GetProperty("kind").GetString(), Is.EqualTo("ups"));
        Assert.That(json.GetProperty("capacity").GetInt32(), Is.EqualTo(50));
        Assert.That(json.GetProperty("resolution_seconds").GetDouble(), Is.EqualTo(5));
        Assert.That(json.GetProperty("figures").EnumerateArray().Select(f => f.GetProperty("variable").GetString()),
            Is.EqualTo(new[] { "battery.charge", "ups.load", "input.voltage", "battery.runtime" }));
        Assert.That(json.GetProperty("time").EnumerateArray().Select(t => t.GetInt64()),
            Is.EqualTo(new[] { Start.ToUnixTimeMilliseconds(), Start.AddSeconds(30).ToUnixTimeMilliseconds() }));
        var values = json.GetProperty("values");
        Assert.That(values.GetProperty("battery.charge").EnumerateArray().Select(v => v.GetDouble()), Is.EqualTo(new[] { 100, 99.5 }));
        Assert.That(values.GetProperty("input.voltage")[0].GetDouble(), Is.EqualTo(230.4), "written as the driver gave it, not as a float's binary noise");
        Assert.That(values.GetProperty("ups.load").EnumerateArray().Select(v => v.ValueKind), Is.All.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public void A_meter_is_charted_by_power_and_current()
    {
        using var store = new DeviceStore(new TrackingRegistry(), new FakeTimeProvider(Start));
        var meter = Online(store, "linky", ("device.type", "meter"), ("ups.status", "OL"), ("input.power", "340"), ("input.current", "1"));
        using var feed = store.Subscribe();
        var recorder = new HistoryRecorder(store, HistorySettings.Default);
        recorder.Apply(Read(feed));
        using var root = Json(recorder.Find("linky")!, meter.Current);
        Assert.That(root.RootElement.GetProperty("kind").GetString(), Is.EqualTo("meter"));
        Assert.That(root.RootElement.GetProperty("figures").EnumerateArray().Select(f => f.GetProperty("variable").GetString()),
            Is.EqualTo(new[] { "input.power", "input.current", "ups.load", "input.voltage" }));
        Assert.That(root.RootElement.GetProperty("values").GetProperty("input.power")[0].GetDouble(), Is.EqualTo(340));
    }

    [Test]
    public async Task As_a_hosted_service_it_follows_the_store_by_itself()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        var ups = Online(store, "ups", ("ups.status", "OL"), ("battery.charge", "100"));
        using var recorder = new HistoryRecorder(store, new HistorySettings(100, TimeSpan.Zero));
        await recorder.StartAsync(CancellationToken.None);
        Wait.Until(() => recorder.Find("ups")?.Count == 1, "the first sample");
        ups.Publish(u => u.SetInfo("battery.charge", "50"));
        Wait.Until(() => recorder.Find("ups")?.Count == 2, "the sample of the change");
        await recorder.StopAsync(CancellationToken.None);
        Assert.That(Column(recorder.Find("ups")!, HistoryFigure.Charge), Is.EqualTo(new[] { 100f, 50f }));
    }

    private static JsonDocument Json(DeviceHistory history, DeviceSnapshot snapshot)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) HistoryJson.Write(writer, history, snapshot);
        return JsonDocument.Parse(buffer.WrittenMemory);
    }
}
