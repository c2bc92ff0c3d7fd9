using System.Buffers;
using System.Text;
using System.Text.Json;
using NutSharp.Devices;
using NutSharp.Http.StatusPage;
using NutSharp.Testing;
using NutSharp.Tests.Devices;

namespace NutSharp.Tests.StatusPage;

/// <summary>The page's server-sent events: their text/event-stream framing and JSON, from the change feed.</summary>
public class StatusEventsTests
{
    private static IReadOnlyList<DeviceChange> Read(DeviceFeed feed)
    {
        var read = feed.ReadAsync().AsTask();
        Assert.That(read.Wait(TimeSpan.FromSeconds(10)), Is.True, "the feed had something to report");
        return read.Result;
    }

    /// <summary>Parses a text/event-stream chunk into (event, JSON) pairs.</summary>
    private static List<(string Event, JsonElement Data)> Events(IReadOnlyList<DeviceChange> changes)
    {
        var buffer = new ArrayBufferWriter<byte>();
        StatusEventStream.Format(buffer, changes, 1_764_756_000_000);
        string text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.That(text, Does.EndWith("\n\n"));
        var events = new List<(string, JsonElement)>();
        foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            Assert.That(lines, Has.Length.EqualTo(2), "one event line and one data line: " + block);
            Assert.That(lines[0], Does.StartWith("event: "));
            Assert.That(lines[1], Does.StartWith("data: "));
            events.Add((lines[0][7..], JsonDocument.Parse(lines[1][6..]).RootElement.Clone()));
        }
        return events;
    }

    private static Device Online(DeviceStore store)
    {
        var device = store.Add("demo", "Demo UPS");
        device.Publish(u =>
        {
            u.LinkUp(showWait: false);
            u.SetInfo("ups.status", "OL");
            u.SetInfo("battery.charge", "100");
            u.SetInfo("ups.id", "my \"ups\"");
            u.SetFlags("ups.id", VariableFlags.ReadWrite | VariableFlags.String);
            u.SetAux("ups.id", 16);
            u.AddCommand("test.battery.start");
            u.DumpDone();
        });
        return device;
    }

    [Test]
    public void A_page_that_connects_gets_every_device_in_full()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        Online(store);
        using var feed = store.Subscribe();
        var events = Events(Read(feed));
        Assert.That(events, Has.Count.EqualTo(1));
        var (name, device) = events[0];
        Assert.That(name, Is.EqualTo("device"));
        Assert.That(device.GetProperty("name").GetString(), Is.EqualTo("demo"));
        Assert.That(device.GetProperty("description").GetString(), Is.EqualTo("Demo UPS"));
        Assert.That(device.GetProperty("kind").GetString(), Is.EqualTo("ups"));
        Assert.That(device.GetProperty("link").GetString(), Is.EqualTo("online"));
        Assert.That(device.GetProperty("time").GetInt64(), Is.EqualTo(1_764_756_000_000));
        Assert.That(device.GetProperty("status").GetProperty("text").GetString(), Is.EqualTo("On line"));
        Assert.That(device.GetProperty("status").GetProperty("severity").GetString(), Is.EqualTo("ok"));
        var id = device.GetProperty("vars").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "ups.id");
        Assert.That(id.GetProperty("value").GetString(), Is.EqualTo("my \"ups\""));
        Assert.That(id.GetProperty("writable").GetBoolean(), Is.True);
        Assert.That(id.GetProperty("type").GetString(), Is.EqualTo("STRING"));
        Assert.That(id.GetProperty("length").GetInt32(), Is.EqualTo(16));
        Assert.That(device.GetProperty("commands").EnumerateArray().Select(c => c.GetString()), Is.EqualTo(new[] { "test.battery.start" }));
    }

    [Test]
    public void Value_changes_are_sent_as_an_update_with_the_new_status()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        var ups = Online(store);
        using var feed = store.Subscribe();
        Read(feed);
        ups.Publish(u => { u.SetInfo("ups.status", "OB DISCHRG"); u.SetInfo("battery.charge", "95"); u.DelInfo("ups.id"); });
        var events = Events(Read(feed));
        Assert.That(events.Select(e => e.Event), Is.EqualTo(new[] { "update" }));
        var update = events[0].Data;
        Assert.That(update.GetProperty("name").GetString(), Is.EqualTo("demo"));
        Assert.That(update.GetProperty("status").GetProperty("text").GetString(), Is.EqualTo("On battery, Discharging"));
        Assert.That(update.GetProperty("status").GetProperty("severity").GetString(), Is.EqualTo("warning"));
        Assert.That(update.GetProperty("set").GetProperty("ups.status").GetString(), Is.EqualTo("OB DISCHRG"));
        Assert.That(update.GetProperty("set").GetProperty("battery.charge").GetString(), Is.EqualTo("95"));
        Assert.That(update.GetProperty("unset").EnumerateArray().Select(v => v.GetString()), Is.EqualTo(new[] { "ups.id" }));
    }

    [Test]
    public void A_link_change_resends_the_device_and_a_removal_says_so()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        var ups = Online(store);
        using var feed = store.Subscribe();
        Read(feed);
        ups.Publish(u => u.LinkDown());
        var down = Events(Read(feed));
        Assert.That(down.Select(e => e.Event), Is.EqualTo(new[] { "device" }));
        Assert.That(down[0].Data.GetProperty("link").GetString(), Is.EqualTo("not-connected"));
        Assert.That(down[0].Data.GetProperty("status").GetProperty("text").GetString(), Is.EqualTo("Driver not connected"));
        store.Remove(ups);
        var removed = Events(Read(feed));
        Assert.That(removed.Select(e => (e.Event, e.Data.GetProperty("name").GetString())), Is.EqualTo(new[] { ("removed", "demo") }));
    }

    [Test]
    public async Task The_stream_follows_the_store_until_the_page_goes()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        var ups = Online(store);
        using var output = new MemoryStream();
        using var stop = new CancellationTokenSource();
        var stream = Task.Run(() => StatusEventStream.RunAsync(store, SynchronizedStream(output), stop.Token));
        string Text() { lock (output) return Encoding.UTF8.GetString(output.ToArray()); }
        Wait.Until(() => Text().Contains("event: device"), "the device in full");
        ups.Publish(u => u.SetInfo("ups.status", "OB"));
        Wait.Until(() => Text().Contains("event: update") && Text().Contains("\"ups.status\":\"OB\""), "the change");
        Assert.That(Text(), Does.StartWith("retry: "));
        stop.Cancel();
        try
        {
            await stream; // ends when the page goes: by returning or by the cancellation itself
        }
        catch (OperationCanceledException)
        {
        }
        Assert.That(stream.IsCompleted, Is.True);
    }

    private static Stream SynchronizedStream(MemoryStream output) => new LockedStream(output);

    /// <summary>A stream the test reads while the event stream writes: every call under the stream's lock.</summary>
    private sealed class LockedStream(MemoryStream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (inner) inner.Write(buffer, offset, count);
        }
    }
}
