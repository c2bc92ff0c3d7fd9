using NutSharp.Tests.Testing;
using Microsoft.Extensions.Time.Testing;
using NutSharp.Config;
using NutSharp.Devices;
using NutSharp.Drivers;

namespace NutSharp.Tests.Drivers;

/// <summary>One device in a store, a driver context on a fake clock, and the log lines a user would read.</summary>
internal sealed class DriverBench : IDisposable
{
    public DriverBench(params (string Key, string? Value)[] options)
    {
        Store = new DeviceStore(Tracking, Time);
        Device = Store.Add("ups", null);
        var section = new UpsSection("ups", "scripted", "/dev/fake0", null,
            [new("driver", "scripted"), new("port", "/dev/fake0"), .. options.Select(o => new KeyValuePair<string, string?>(o.Key, o.Value))], 1);
        Context = new DriverContext { Device = Device, Section = section, LoggerFactory = Log, Time = Time };
    }

    public CountingTimeProvider Time { get; } = new();
    public TrackingRegistry Tracking { get; } = new();
    public DeviceStore Store { get; }
    public Device Device { get; }
    public DriverContext Context { get; }
    public LogRecorder Log { get; } = new();

    public Availability Availability => Device.Availability(Device.Current);

    /// <summary>Moves the fake clock in small steps until the condition holds (the driver's waits run on this clock).</summary>
    public void AdvanceUntil(Func<bool> condition, string what, TimeSpan? step = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("timed out waiting for " + what);
            Time.Advance(step ?? TimeSpan.FromMilliseconds(100));
            Thread.Sleep(2);
        }
    }

    public void Dispose() => Store.Dispose();
}

/// <summary>
/// A fake clock that counts the timers created on it: a driver about to wait has created one, so a
/// test can advance the clock knowing the wait has begun (advancing earlier would be lost on it).
/// </summary>
internal sealed class CountingTimeProvider : FakeTimeProvider
{
    private int _timers;

    public int Timers => Volatile.Read(ref _timers);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timers);
        return timer;
    }

}
