namespace NutSharp.Integration.Tests.Host;

/// <summary>Waits for a condition with a generous timeout; the time taken is never asserted.</summary>
public static class Poll
{
    public static void Until(Func<bool> condition, string what) => Until(condition, HostSandbox.Patience, what);

    public static void Until(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"gave up waiting ({timeout.TotalSeconds} s) for: {what}");
            Thread.Sleep(100);
        }
    }

    /// <summary>Repeats <paramref name="probe"/> until its result satisfies <paramref name="accept"/>; returns that result.</summary>
    public static T UntilValue<T>(Func<T> probe, Func<T, bool> accept, string what)
    {
        T last = probe();
        var deadline = DateTime.UtcNow + HostSandbox.Patience;
        while (!accept(last))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"gave up waiting ({HostSandbox.Patience.TotalSeconds} s) for: {what}; last seen: {last}");
            Thread.Sleep(100);
            last = probe();
        }
        return last;
    }
}
