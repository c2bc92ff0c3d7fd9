using Microsoft.Extensions.Time.Testing;
using NutSharp.Devices;

namespace NutSharp.Tests.Devices;

/// <summary>Batches and snapshots: what a reader of a device can and cannot see while a driver publishes.</summary>
public class DeviceBatchTests
{
    [Test]
    public void A_batch_is_invisible_until_it_is_committed()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        var device = store.Add("ups", null);
        var before = device.Current;
        using (var update = device.BeginUpdate())
        {
            update.LinkUp(showWait: false);
            update.SetInfo("ups.status", "OL");
            update.DumpDone();
            Assert.That(device.Current, Is.SameAs(before), "nothing shows while the batch is open");
            Assert.That(update.GetValue("ups.status"), Is.EqualTo("OL"), "the driver sees its own changes");
        }
        Assert.That(device.Current["ups.status"], Is.EqualTo("OL"));
        Assert.That(device.Current.Link, Is.EqualTo(LinkState.Online));
        Assert.That(before.Find("ups.status"), Is.Null, "a snapshot already taken never changes");
    }

    [Test]
    public void Readers_on_other_threads_never_see_half_a_batch()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        var device = store.Add("ups", null);
        device.Publish(u => { u.LinkUp(showWait: false); u.DumpDone(); });
        const int Batches = 20_000;
        int mismatches = 0, reads = 0;
        using var done = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                var s = device.Current;
                // Every batch sets the pair and the list of commands together.
                if (s["pair.a"] != s["pair.b"] || (s["pair.a"] is { } a && !s.HasCommand("cmd." + a))) Interlocked.Increment(ref mismatches);
                Interlocked.Increment(ref reads);
            }
        })).ToArray();
        for (int i = 0; i < Batches; i++)
        {
            using var update = device.BeginUpdate();
            var text = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            update.SetInfo("pair.a", text);
            update.SetInfo("pair.b", text);
            if (i > 0) update.DelCommand("cmd." + (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            update.AddCommand("cmd." + text);
        }
        done.Cancel();
        Task.WaitAll(readers);
        Assert.That(reads, Is.GreaterThan(0));
        Assert.That(mismatches, Is.Zero);
        Assert.That(device.Current.Version, Is.EqualTo(Batches + 1));
    }

    [Test]
    public void A_batch_that_changes_nothing_makes_no_new_snapshot()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        var device = store.Add("ups", null);
        device.Publish(u => { u.LinkUp(showWait: false); u.SetInfo("ups.status", "OL"); u.DumpDone(); });
        var before = device.Current;
        device.Publish(u => u.SetInfo("ups.status", "ol")); // upsd ignores a change of letter case only
        device.Publish(u => u.SetFlags("ups.status", VariableFlags.None));
        Assert.That(device.Current, Is.SameAs(before));
        device.Publish(u => u.SetInfo("ups.status", "OB"));
        Assert.That(device.Current.Version, Is.EqualTo(before.Version + 1));
    }

    [Test]
    public void A_link_coming_up_wipes_the_table_and_shows_wait_until_the_dump_is_done()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        var device = store.Add("ups", null);
        device.Publish(u => { u.LinkUp(showWait: false); u.SetInfo("x", "1"); u.AddCommand("load.off"); u.DumpDone(); });
        device.Publish(u => u.LinkUp());
        var waiting = device.Current;
        Assert.That(waiting.Variables.Select(v => (v.Name, v.Value)), Is.EqualTo(new[] { ("ups.status", "WAIT") }));
        Assert.That(waiting.Commands, Is.Empty);
        Assert.That(waiting.Link, Is.EqualTo(LinkState.Waiting));
        Assert.That(device.Availability(waiting), Is.EqualTo(Availability.Available), "WAIT is not stale (upsd)");
        device.Publish(u => u.LinkDown());
        Assert.That(device.Availability(device.Current), Is.EqualTo(Availability.NotConnected));
        Assert.That(device.Current["ups.status"], Is.EqualTo("WAIT"), "the data stays while the link is down");
    }

    [Test]
    public void Maxage_is_measured_on_the_stores_clock()
    {
        var time = new FakeTimeProvider();
        using var store = new DeviceStore(new TrackingRegistry(), time);
        var device = store.Add("ups", null);
        device.MaxAgeSeconds = 15;
        device.Publish(u => { u.LinkUp(showWait: false); u.SetInfo("ups.status", "OL"); u.DumpDone(); });
        time.Advance(TimeSpan.FromSeconds(15));
        Assert.That(device.Availability(device.Current), Is.EqualTo(Availability.Available), "exactly MAXAGE is not yet stale (upsd compares with >)");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(device.Availability(device.Current), Is.EqualTo(Availability.Stale));
        device.Publish(u => u.Heard());
        Assert.That(device.Availability(device.Current), Is.EqualTo(Availability.Available));
        device.Publish(u => u.DataStale());
        Assert.That(device.Availability(device.Current), Is.EqualTo(Availability.Stale), "DATASTALE after the dump");
    }

    [Test]
    public void Fsd_is_part_of_the_snapshot_and_stays_set()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        var device = store.Add("ups", null);
        device.SetFsd();
        Assert.That(device.Current.Fsd, Is.True);
        device.Publish(u => u.LinkUp());
        Assert.That(device.Current.Fsd, Is.True, "a new driver link does not clear the latch");
    }
}
