namespace NutSharp.Drivers.DummyUps;

/// <summary>
/// One pass over the lines of a definition file: where it stands and, when a TIMER line stopped
/// it, the wall-clock second from which it may go on.
/// </summary>
public sealed class PortFilePass(IReadOnlyList<PortFileLine> lines)
{
    private int _next;

    /// <summary>Unix second at or after which a paused pass carries on; null while not paused.</summary>
    public long? ResumeAt { get; private set; }

    public bool IsPaused(long nowSeconds) => ResumeAt is { } at && nowSeconds < at;

    /// <summary>The next line, or false at the end of the file.</summary>
    public bool TryNext(out PortFileLine line)
    {
        ResumeAt = null;
        if (_next < lines.Count)
        {
            line = lines[_next++];
            return true;
        }
        line = null!;
        return false;
    }

    public void PauseUntil(long unixSecond) => ResumeAt = unixSecond;
}
