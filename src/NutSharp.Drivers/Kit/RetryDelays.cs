namespace NutSharp.Drivers;

/// <summary>How long to wait before the next attempt after a failure: doubling from a first delay up to a ceiling.</summary>
public readonly record struct RetryDelays(TimeSpan First, TimeSpan Ceiling)
{
    /// <summary>1 s, 2 s, 4 s, 8 s, then every 10 s: quick after a blip, quiet during a long outage.</summary>
    public static RetryDelays Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

    /// <summary>The same delay every time.</summary>
    public static RetryDelays Every(TimeSpan delay) => new(delay, delay);

    /// <summary>The wait before attempt number <paramref name="failures"/> + 1 (<paramref name="failures"/> ≥ 1).</summary>
    public TimeSpan After(int failures)
    {
        var delay = First;
        for (int i = 1; i < failures && delay < Ceiling; i++) delay *= 2;
        return delay < Ceiling ? delay : Ceiling;
    }
}
