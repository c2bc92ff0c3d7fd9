namespace NutSharp.Tests.Drivers;

/// <summary>Waiting for things that happen on other threads: generous timeouts, never a measured duration.</summary>
internal static class Eventually
{
    public static void True(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("timed out waiting for " + what);
            Thread.Sleep(5);
        }
    }

    /// <summary>
    /// Gives other threads a moment, then checks that something has NOT happened. A slow machine can
    /// only make this miss a bug, never report one that is not there.
    /// </summary>
    public static void Still(Func<bool> condition, string what)
    {
        Thread.Sleep(150);
        Assert.That(condition(), Is.True, what);
    }
}
