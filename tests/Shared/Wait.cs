namespace NutSharp.Testing;

/// <summary>
/// Waiting for something to happen: the condition is checked again and again until it holds or a
/// generous timeout runs out. The timeout is only a bound against hanging forever; no test asserts
/// how long anything took. Checks start a few milliseconds apart and back off to
/// <see cref="LongestInterval"/>, so quick conditions end quickly and slow ones (a client process
/// per check) do not spin.
/// </summary>
public static class Wait
{
    /// <summary>The bound for anything waited for, unless a test says otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan LongestInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Fails the test unless <paramref name="condition"/> holds within the timeout.</summary>
    /// <param name="what">What is waited for, for the failure message ("the PID file to be removed").</param>
    public static void Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        if (!For(condition, limit)) Assert.Fail($"gave up waiting ({limit.TotalSeconds} s) for: {what}");
    }

    /// <summary>
    /// Repeats <paramref name="probe"/> until its result satisfies <paramref name="accept"/> and
    /// returns that result; fails the test, showing the last result, when none does in time.
    /// </summary>
    public static T UntilValue<T>(Func<T> probe, Func<T, bool> accept, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        T last = default!;
        if (!For(() => accept(last = probe()), limit))
            Assert.Fail($"gave up waiting ({limit.TotalSeconds} s) for: {what}; last seen: {last}");
        return last;
    }

    /// <summary>
    /// Gives other threads a moment, then checks that something has NOT happened (no retry before its
    /// delay, half a frame not published). A slow machine can only make this miss a bug, never report
    /// one that is not there.
    /// </summary>
    public static void Still(Func<bool> condition, string what)
    {
        Thread.Sleep(150);
        Assert.That(condition(), Is.True, what);
    }

    /// <summary>True as soon as <paramref name="condition"/> holds; false when it still does not after the timeout.</summary>
    public static bool For(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var interval = FirstInterval;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            Thread.Sleep(interval);
            interval = Longer(interval);
        }
        return true;
    }

    /// <summary>The asynchronous <see cref="For"/>, for async tests: the thread is not blocked between checks.</summary>
    public static Task<bool> ForAsync(Func<bool> condition, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        ForAsync(() => Task.FromResult(condition()), timeout, cancellationToken);

    /// <summary>The asynchronous <see cref="For"/> with a condition that awaits (a client run, a socket).</summary>
    public static async Task<bool> ForAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var interval = FirstInterval;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(interval, cancellationToken);
            interval = Longer(interval);
        }
        return true;
    }

    private static TimeSpan Longer(TimeSpan interval) => interval * 2 < LongestInterval ? interval * 2 : LongestInterval;
}
