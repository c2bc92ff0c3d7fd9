using Microsoft.Extensions.Logging;

namespace NutSharp.Host.Logging;

/// <summary>
/// upsd's debug level: the number of -D flags, raised (never lowered) at start-up by upsd.conf's
/// DEBUG_MIN; on a reload DEBUG_MIN, if upsd.conf still has one, replaces it, else the level
/// returns to the -D count (upsd 2.8.0, load_upsdconf). DEBUG_MIN never makes the server stay
/// in the foreground; only -D does. Level 0 logs what upsd's upslogx logs (information and up),
/// 1 adds upsdebugx(1) (Debug), 2 and more everything (Trace).
/// </summary>
/// <remarks>upsd.conf's reader keeps DEBUG_MIN 0 and no DEBUG_MIN apart from nothing, so an explicit
/// <c>DEBUG_MIN 0</c> counts as absent: on a reload upsd would then drop to 0, NutSharp to the -D count.</remarks>
public sealed class DebugLevel(int commandLine, int debugMin)
{
    private volatile int _current = Math.Max(commandLine, debugMin);

    public int Current => _current;

    /// <summary>The least important messages logged at this level.</summary>
    public LogLevel MinimumLogLevel => ToLogLevel(_current);

    public static LogLevel ToLogLevel(int level) => level switch { <= 0 => LogLevel.Information, 1 => LogLevel.Debug, _ => LogLevel.Trace };

    /// <summary>The logging filter: true when a message of <paramref name="level"/> is to be written now.</summary>
    public bool Allows(LogLevel level) => level >= MinimumLogLevel;

    /// <summary>Applies a reloaded upsd.conf's DEBUG_MIN (0: none) and says where the level came from, as upsd does.</summary>
    public void Reloaded(int debugMin, ILogger logger)
    {
        if (debugMin > 0)
        {
            _current = debugMin;
            logger.LogInformation("applying DEBUG_MIN {Level} from upsd.conf", debugMin);
        }
        else
        {
            _current = commandLine;
            logger.LogInformation("applying debug level {Level} from the command line (upsd.conf has no DEBUG_MIN)", commandLine);
        }
    }
}
