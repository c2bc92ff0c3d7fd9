using NutSharp.Testing;
using Microsoft.Extensions.Logging;
using NutSharp.Devices;
using NutSharp.Drivers;

namespace NutSharp.Tests.Drivers;

/// <summary>A driver that crashes is restarted from scratch, after a growing delay, and the device shows it.</summary>
public class DriverSupervisorTests
{
    [Test]
    public void A_driver_that_throws_from_its_loop_shows_not_connected_and_a_fresh_one_starts_after_a_delay()
    {
        using var bench = new DriverBench();
        var made = new List<ScriptedPolledDriver>();
        var supervisor = new DriverSupervisor(bench.Device, () =>
        {
            var driver = new ScriptedPolledDriver(bench.Context);
            lock (made)
            {
                if (made.Count == 0) driver.PollBug = new InvalidOperationException("bug in the poll");
                made.Add(driver);
            }
            return driver;
        }, bench.Log.CreateLogger("test"), bench.Time);
        using var stop = new CancellationTokenSource();
        int timers = bench.Time.Timers;
        var run = Task.Run(() => supervisor.RunAsync(stop.Token));

        Wait.Until(() => supervisor.Restarts == 1 && bench.Time.Timers > timers, "the crash and the wait before the restart");
        Assert.That(bench.Availability, Is.EqualTo(Availability.NotConnected));
        var errors = bench.Log.Lines.Where(l => l.Level == LogLevel.Error).ToList();
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0].Text, Does.Contain("bug in the poll"));
        Assert.That(errors[0].Exception, Is.TypeOf<InvalidOperationException>(), "the stack trace is in the log");

        bench.Time.Advance(TimeSpan.FromMilliseconds(999));
        Wait.Still(() => made.Count == 1, "no restart before 1 s");
        bench.Time.Advance(TimeSpan.FromMilliseconds(1));
        Wait.Until(() => bench.Availability == Availability.Available, "the fresh driver to publish");
        Assert.That(made, Has.Count.EqualTo(2));
        Assert.That(bench.Device.Driver, Is.SameAs(made[1]), "requests go to the new instance");
        Assert.That(bench.Log.Lines.Count(l => l.Text.Contains("recovered", StringComparison.Ordinal)), Is.EqualTo(1));

        stop.Cancel();
        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void A_driver_whose_set_handler_throws_is_restarted()
    {
        using var bench = new DriverBench();
        int made = 0;
        var supervisor = new DriverSupervisor(bench.Device, () =>
        {
            var driver = new ScriptedPolledDriver(bench.Context);
            if (Interlocked.Increment(ref made) == 1) driver.SetBug = new NullReferenceException("bug in SET");
            return driver;
        }, bench.Log.CreateLogger("test"), bench.Time);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => supervisor.RunAsync(stop.Token));
        Wait.Until(() => bench.Availability == Availability.Available, "the first driver to publish");

        var id = bench.Tracking.NewId();
        bench.Tracking.Register(id);
        Assert.That(bench.Device.Driver!.SetVariable("ups.delay.shutdown", "30", id), Is.EqualTo(DeviceRequestResult.Accepted));
        Wait.Until(() => supervisor.Restarts == 1, "the crash in the SET handler");
        Assert.That(bench.Availability, Is.EqualTo(Availability.NotConnected));
        Assert.That(bench.Tracking.Get(id), Is.EqualTo(TrackingStatus.Pending).Or.EqualTo(TrackingStatus.Failed), "never reported as a success");

        bench.AdvanceUntil(() => bench.Availability == Availability.Available, "the restart");
        Assert.That(made, Is.EqualTo(2));
        stop.Cancel();
        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void A_driver_that_keeps_crashing_is_logged_once_and_restarted_ever_more_slowly()
    {
        using var bench = new DriverBench();
        int made = 0;
        var supervisor = new DriverSupervisor(bench.Device, () =>
        {
            Interlocked.Increment(ref made);
            return new ScriptedPolledDriver(bench.Context) { PollBug = new InvalidOperationException("always") };
        }, bench.Log.CreateLogger("test"), bench.Time);
        using var stop = new CancellationTokenSource();
        int timers = bench.Time.Timers;
        var run = Task.Run(() => supervisor.RunAsync(stop.Token));
        Wait.Until(() => supervisor.Restarts == 1 && bench.Time.Timers > timers, "the first crash and the wait after it");

        foreach (var (delay, instances) in new[] { (1, 2), (2, 3), (4, 4), (8, 5) })
        {
            bench.Time.Advance(TimeSpan.FromSeconds(delay) - TimeSpan.FromMilliseconds(1));
            Wait.Still(() => Volatile.Read(ref made) == instances - 1, $"no restart before {delay} s");
            timers = bench.Time.Timers;
            bench.Time.Advance(TimeSpan.FromMilliseconds(1));
            Wait.Until(() => supervisor.Restarts == instances && bench.Time.Timers > timers, $"crash {instances} after {delay} s");
        }
        Assert.That(bench.Log.Lines.Count(l => l.Level == LogLevel.Error), Is.EqualTo(1), "one line when the outage starts");
        stop.Cancel();
        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
    }
}
