namespace NutSharp.Tests.DummyUps;

/// <summary>A wall clock that moves only when a test says so (timers still run on real time).</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _ticks = new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(int seconds) => Interlocked.Add(ref _ticks, TimeSpan.TicksPerSecond * seconds);
}
