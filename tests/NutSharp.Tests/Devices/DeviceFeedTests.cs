using Microsoft.Extensions.Time.Testing;
using NutSharp.Devices;

namespace NutSharp.Tests.Devices;

/// <summary>The change feed front-ends follow: what it reports, and that nobody waits for it.</summary>
public class DeviceFeedTests
{
    private static IReadOnlyList<DeviceChange> Read(DeviceFeed feed)
    {
        var read = feed.ReadAsync().AsTask();
        Assert.That(read.Wait(TimeSpan.FromSeconds(10)), Is.True, "the feed had something to report");
        return read.Result;
    }

    private static Device Online(DeviceStore store, string name)
    {
        var device = store.Add(name, null);
        device.Publish(u => { u.LinkUp(showWait: false); u.SetInfo("ups.status", "OL"); u.DumpDone(); });
        return device;
    }

    [Test]
    public void The_first_read_reports_every_device_in_list_order()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        Online(store, "b");
        Online(store, "a");
        using var feed = store.Subscribe();
        var changes = Read(feed);
        Assert.That(changes.Select(c => (c.GetType().Name, c.Device.Name)), Is.EqualTo(new[] { ("DeviceAdded", "b"), ("DeviceAdded", "a") }));
        Assert.That(changes[0].Snapshot["ups.status"], Is.EqualTo("OL"));
    }

    [Test]
    public void Variables_report_their_old_and_new_values()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        var device = Online(store, "ups");
        device.Publish(u => u.SetInfo("battery.charge", "100"));
        using var feed = store.Subscribe();
        Read(feed);
        device.Publish(u =>
        {
            u.SetInfo("ups.status", "OB");
            u.SetInfo("battery.runtime", "600");
            u.DelInfo("battery.charge");
        });
        var changes = Read(feed).Cast<VariableChanged>().Select(c => (c.Name, c.OldValue, c.NewValue));
        Assert.That(changes, Is.EquivalentTo(new (string, string?, string?)[]
        {
            ("ups.status", "OL", "OB"),
            ("battery.runtime", null, "600"),
            ("battery.charge", "100", null),
        }));
    }

    [Test]
    public void Link_state_fsd_commands_and_removal_are_reported()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        var device = Online(store, "ups");
        using var feed = store.Subscribe();
        Read(feed);

        device.Publish(u => u.DataStale());
        Assert.That(Read(feed).OfType<LinkChanged>().Single(), Has.Property("OldState").EqualTo(LinkState.Online).And.Property("NewState").EqualTo(LinkState.Stale));
        device.Publish(u => u.LinkDown());
        Assert.That(Read(feed).OfType<LinkChanged>().Single().NewState, Is.EqualTo(LinkState.NotConnected));

        device.SetFsd();
        Assert.That(Read(feed).Single(), Is.TypeOf<FsdSet>());
        device.Publish(u => u.AddCommand("load.off"));
        Assert.That(Read(feed).Single(), Is.TypeOf<CommandsChanged>());

        store.Remove(device);
        var removed = Read(feed).Single();
        Assert.That(removed, Is.TypeOf<DeviceRemoved>());
        Assert.That(removed.Snapshot.Fsd, Is.True, "the last state the feed saw");
        var added = store.Add("ups", null);
        Assert.That(Read(feed).Single(), Is.TypeOf<DeviceAdded>().And.Property("Device").SameAs(added));
    }

    [Test]
    public void A_reader_that_never_reads_holds_up_nobody_and_then_catches_up_with_the_latest()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        var device = Online(store, "ups");
        using var stuck = store.Subscribe();
        using var follower = store.Subscribe();
        Read(stuck);
        Read(follower);
        for (int i = 1; i <= 10_000; i++)
        {
            int value = i;
            device.Publish(u => u.SetInfo("counter", value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        var change = (VariableChanged)Read(stuck).Single();
        Assert.That((change.OldValue, change.NewValue), Is.EqualTo(((string?)null, (string?)"10000")),
            "the intermediate states are skipped; the latest is reached");
        Assert.That(((VariableChanged)Read(follower).Single()).NewValue, Is.EqualTo("10000"));
    }

    [Test]
    public void A_waiting_reader_wakes_on_the_next_commit()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        var device = Online(store, "ups");
        using var feed = store.Subscribe();
        Read(feed);
        var next = feed.ReadAsync().AsTask();
        Assert.That(next.IsCompleted, Is.False);
        device.Publish(u => u.SetInfo("ups.status", "OB"));
        Assert.That(next.Wait(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(((VariableChanged)next.Result.Single()).NewValue, Is.EqualTo("OB"));
    }

    [Test]
    public void A_driver_that_goes_silent_beyond_maxage_is_reported_stale_and_back()
    {
        var time = new FakeTimeProvider();
        using var store = new DeviceStore(new TrackingRegistry(), time);
        var device = Online(store, "ups");
        device.MaxAgeSeconds = 15;
        using var feed = store.Subscribe();
        Read(feed);
        time.Advance(TimeSpan.FromSeconds(17)); // the store looks once a second
        Assert.That(Read(feed).OfType<LinkChanged>().Single().NewState, Is.EqualTo(LinkState.Stale));
        device.Publish(u => u.Heard());
        Assert.That(Read(feed).OfType<LinkChanged>().Single().NewState, Is.EqualTo(LinkState.Online));
    }

    [Test]
    public void A_disposed_feed_ends()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        Online(store, "ups");
        var feed = store.Subscribe();
        Read(feed);
        var next = feed.ReadAsync().AsTask();
        feed.Dispose();
        Assert.That(next.Wait(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(next.Result, Is.Empty);
    }
}
