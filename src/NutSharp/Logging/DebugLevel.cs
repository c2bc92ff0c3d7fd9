using Microsoft.Extensions.Logging;

namespace NutSharp.Host.Logging;

/// <summary>
/// upsd's debug level: the number of -D flags, raised (never lowered) at start-up by upsd.conf's
/// DEBUG_MIN; on a reload DEBUG_MIN, if upsd.conf still has one, replaces it, else the level
/// returns to the -D count (upsd 2.8.0, load_upsdconf). DEBUG_MIN never makes the server stay
/// in the foreground; only -D does. Level 0 logs what upsd's upslogx logs (information and up),
/// 1 adds upsdebugx(1) (Debug), 2 and more everything (Trace).
/// </summary>
public sealed class DebugLevel(int commandLine, int? debugMin)
{
    private volatile int _current = Math.Max(commandLine, debugMin ?? 0);

    public int Current => _current;

    /// <summary>The least important messages logged at this level.</summary>
    public LogLevel MinimumLogLevel => ToLogLevel(_current);

    public static LogLevel ToLogLevel(int level) => level switch { <= 0 => LogLevel.Information, 1 => LogLevel.Debug, _ => LogLevel.Trace };

    /// <summary>The logging filter: true when a message of <paramref name="level"/> is to be written now.</summary>
    public bool Allows(LogLevel level) => level >= MinimumLogLevel;

    /// <summary>Applies a reloaded upsd.conf's DEBUG_MIN (null: none; an explicit 0 drops to 0, as upsd does) and says where the level came from.</summary>
    public void Reloaded(int? debugMin, ILogger logger)
    {
        if (debugMin is int level)
        {
            _current = level;
            logger.LogInformation("applying DEBUG_MIN {Level} from upsd.conf", level);
        }
        else
        {
            _current = commandLine;
            logger.LogInformation("applying debug level {Level} from the command line (upsd.conf has no DEBUG_MIN)", commandLine);
        }
    }
}
