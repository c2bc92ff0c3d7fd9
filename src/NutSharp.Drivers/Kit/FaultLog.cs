using Microsoft.Extensions.Logging;

namespace NutSharp.Drivers;

/// <summary>
/// Logs a fault once when it starts and once when it ends, never once per attempt: a UPS unplugged
/// for a night must not fill the log with a line every few seconds. Repeats while the fault lasts
/// go to Debug. Safe to use from several threads.
/// </summary>
public sealed class FaultLog(ILogger log, string subject, TimeProvider time, LogLevel level = LogLevel.Warning)
{
    private readonly Lock _lock = new();
    private string? _fault;
    private long _since;
    private int _repeats;

    /// <summary>A fault is going on.</summary>
    public bool Active
    {
        get { lock (_lock) return _fault is not null; }
    }

    /// <summary>Reports a fault: logged at the fault's level if none was going on, at Debug otherwise.</summary>
    public void Fault(string what, Exception? exception = null)
    {
        lock (_lock)
        {
            if (_fault is null)
            {
                _fault = what;
                _since = time.GetTimestamp();
                _repeats = 0;
                log.Log(level, exception, "{Subject}: {Fault}", subject, what);
                return;
            }
            _repeats++;
            log.LogDebug(exception, "{Subject}: still failing (attempt {Attempt}): {Fault}", subject, _repeats + 1, what);
        }
    }

    /// <summary>Reports that things work: logged once if a fault was going on.</summary>
    public void Cleared()
    {
        lock (_lock)
        {
            if (_fault is null) return;
            var lasted = time.GetElapsedTime(_since);
            log.LogInformation("{Subject}: recovered after {Duration:0.#} s and {Attempts} attempt(s) (was: {Fault})",
                subject, lasted.TotalSeconds, _repeats + 1, _fault);
            _fault = null;
        }
    }
}
