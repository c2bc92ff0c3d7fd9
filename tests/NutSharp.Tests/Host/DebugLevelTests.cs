using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NutSharp.Host.Logging;

namespace NutSharp.Tests.Host;

/// <summary>upsd 2.8.0's debug level: -D flags, DEBUG_MIN at start-up, and what a reload does to it.</summary>
public class DebugLevelTests
{
    [TestCase(0, 0, 0)]
    [TestCase(2, 0, 2)]
    [TestCase(0, 1, 1)]
    [TestCase(3, 1, 3)]
    [TestCase(1, 2, 2)]
    public void At_start_up_debug_min_raises_the_command_lines_level_and_never_lowers_it(int flags, int debugMin, int expected) =>
        Assert.That(new DebugLevel(flags, debugMin).Current, Is.EqualTo(expected));

    [Test]
    public void A_reload_takes_debug_min_as_it_is_else_goes_back_to_the_command_line()
    {
        var level = new DebugLevel(2, 0);
        level.Reloaded(1, NullLogger.Instance);
        Assert.That(level.Current, Is.EqualTo(1), "upsd applies the reloaded DEBUG_MIN even below the -D count");
        level.Reloaded(null, NullLogger.Instance);
        Assert.That(level.Current, Is.EqualTo(2), "without DEBUG_MIN, the -D count again");
        level.Reloaded(0, NullLogger.Instance);
        Assert.That(level.Current, Is.EqualTo(0), "an explicit DEBUG_MIN 0 is applied as written, as upsd does");
    }

    [Test]
    public void Each_level_lets_through_what_upsd_logs_at_it()
    {
        Assert.That(new DebugLevel(0, 0).Allows(LogLevel.Information), Is.True);
        Assert.That(new DebugLevel(0, 0).Allows(LogLevel.Debug), Is.False);
        Assert.That(new DebugLevel(1, 0).Allows(LogLevel.Debug), Is.True);
        Assert.That(new DebugLevel(1, 0).Allows(LogLevel.Trace), Is.False);
        Assert.That(new DebugLevel(0, 5).Allows(LogLevel.Trace), Is.True);
    }
}
