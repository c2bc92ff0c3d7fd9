using NutSharp.Testing;
using Microsoft.Extensions.Logging;
using NutSharp.Devices;

namespace NutSharp.Tests.Drivers;

/// <summary>The polled-driver base: driver-core variables, faults shown as upsd would show them, one log line per fault, retries.</summary>
public class PolledDriverTests
{
    [Test]
    public void The_first_poll_publishes_the_driver_core_variables_and_the_data_in_one_batch()
    {
        using var bench = new DriverBench(("custom", "x y"), ("someflag", null), ("desc", "not a parameter"), ("pollinterval", "5"));
        var driver = new ScriptedPolledDriver(bench.Context);
        using var feed = bench.Store.Subscribe();
        feed.ReadAsync().AsTask().Wait();

        Assert.That(driver.PollOnceAsync().Result, Is.True);

        var s = bench.Device.Current;
        Assert.That(s.Variables.Select(v => (v.Name, v.Value)), Is.EqualTo(new[]
        {
            ("device.type", "ups"),
            ("driver.flag.someflag", "enabled"),
            ("driver.name", "scripted"),
            ("driver.parameter.custom", "x y"),
            ("driver.parameter.pollinterval", "5"),
            ("driver.parameter.port", "/dev/fake0"),
            ("driver.parameter.synchronous", "auto"),
            ("driver.version", "2.8.0"),
            ("driver.version.internal", "9.9"),
            ("test.reading", "1"),
            ("ups.status", "OL"),
        }));
        Assert.That(s.Link, Is.EqualTo(LinkState.Online));
        var link = feed.ReadAsync().AsTask().Result.OfType<LinkChanged>().Single();
        Assert.That((link.OldState, link.NewState), Is.EqualTo((LinkState.NotConnected, LinkState.Online)), "no half-published state in between");
    }

    [Test]
    public void A_device_missing_at_start_is_not_connected_and_logged_once_then_recovers()
    {
        using var bench = new DriverBench();
        var driver = new ScriptedPolledDriver(bench.Context) { Reachable = false };
        for (int i = 0; i < 5; i++) Assert.That(driver.PollOnceAsync().Result, Is.False);
        Assert.That(bench.Availability, Is.EqualTo(Availability.NotConnected));
        Assert.That(bench.Log.AtLeast(LogLevel.Warning), Is.EqualTo(new[] { "scripted [ups]: unplugged" }));

        driver.Reachable = true;
        Assert.That(driver.PollOnceAsync().Result, Is.True);
        Assert.That(bench.Availability, Is.EqualTo(Availability.Available));
        Assert.That(bench.Log.Lines.Count(l => l.Level == LogLevel.Information && l.Text.Contains("recovered", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(bench.Log.AtLeast(LogLevel.Warning), Has.Count.EqualTo(1), "the attempts in between were not logged as warnings");
    }

    [Test]
    public void A_device_lost_after_data_shows_stale_and_keeps_its_data_then_starts_afresh()
    {
        using var bench = new DriverBench();
        var driver = new ScriptedPolledDriver(bench.Context);
        driver.PollOnceAsync().Wait();
        driver.Reachable = false;
        driver.PollOnceAsync().Wait();
        Assert.That(bench.Availability, Is.EqualTo(Availability.Stale), "a NUT driver that loses its UPS says DATASTALE");
        Assert.That(bench.Device.Current["test.reading"], Is.EqualTo("1"));

        driver.Reachable = true;
        driver.Reading = "2";
        driver.PollOnceAsync().Wait();
        Assert.That(bench.Availability, Is.EqualTo(Availability.Available));
        Assert.That(bench.Device.Current["test.reading"], Is.EqualTo("2"));
        Assert.That(driver.Connects, Is.EqualTo(2), "reconnected after the fault");
    }

    [Test]
    public void The_loop_retries_after_growing_delays_on_the_drivers_clock()
    {
        using var bench = new DriverBench();
        var driver = new ScriptedPolledDriver(bench.Context) { Reachable = false };
        using var stop = new CancellationTokenSource();
        int timers = bench.Time.Timers;
        var run = Task.Run(() => driver.RunAsync(stop.Token));
        // Each attempt is followed by a wait on the fake clock: the clock only moves once the wait has begun.
        Wait.Until(() => driver.Connects == 1 && bench.Time.Timers > timers, "the first attempt and the wait after it");

        foreach (var (delay, attempt) in new[] { (1, 2), (2, 3), (4, 4), (8, 5), (10, 6), (10, 7) })
        {
            bench.Time.Advance(TimeSpan.FromSeconds(delay) - TimeSpan.FromMilliseconds(1));
            Wait.Still(() => driver.Connects == attempt - 1, $"no attempt {attempt} before {delay} s");
            timers = bench.Time.Timers;
            bench.Time.Advance(TimeSpan.FromMilliseconds(1));
            Wait.Until(() => driver.Connects == attempt && bench.Time.Timers > timers, $"attempt {attempt} after {delay} s");
        }
        Assert.That(bench.Log.AtLeast(LogLevel.Warning), Has.Count.EqualTo(1));
        stop.Cancel();
        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Set_returns_at_once_while_the_driver_waits_on_a_slow_device_and_is_applied_after()
    {
        using var bench = new DriverBench();
        var driver = new ScriptedPolledDriver(bench.Context);
        bench.Device.Driver = driver;
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => driver.RunAsync(stop.Token));
        Wait.Until(() => bench.Availability == Availability.Available, "the first poll");

        var slow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        driver.Gate = slow;
        int polls = driver.Polls;
        bench.AdvanceUntil(() => driver.Polls > polls, "the next poll to start");

        var id = bench.Tracking.NewId();
        bench.Tracking.Register(id);
        var set = Task.Run(() => bench.Device.Driver!.SetVariable("ups.delay.shutdown", "30", id));
        Assert.That(set.Wait(TimeSpan.FromSeconds(10)), Is.True, "SET came back while the device was still busy");
        Assert.That(set.Result, Is.EqualTo(DeviceRequestResult.Accepted));
        Assert.That(slow.Task.IsCompleted, Is.False);
        Assert.That(bench.Tracking.Get(id), Is.EqualTo(TrackingStatus.Pending));

        slow.SetResult();
        Wait.Until(() => bench.Device.Current["ups.delay.shutdown"] == "30", "the SET to be applied by the driver");
        Assert.That(bench.Tracking.Get(id), Is.EqualTo(TrackingStatus.Success));
        stop.Cancel();
        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(bench.Availability, Is.EqualTo(Availability.NotConnected), "a stopped driver is not connected");
    }

    [Test]
    public void Requests_are_refused_while_the_device_is_down()
    {
        using var bench = new DriverBench();
        var driver = new ScriptedPolledDriver(bench.Context) { Reachable = false };
        driver.PollOnceAsync().Wait();
        var id = bench.Tracking.NewId();
        bench.Tracking.Register(id);
        Assert.That(driver.SetVariable("x", "1", id), Is.EqualTo(DeviceRequestResult.Failed));
        Assert.That(bench.Tracking.Get(id), Is.EqualTo(TrackingStatus.Failed));
        Assert.That(driver.InstantCommand("load.off", null, null), Is.EqualTo(DeviceRequestResult.Failed));
    }
}
