namespace NutSharp.Drivers.Enphase;

/// <summary>
/// Where the monitor's messages go: the standalone command writes them as the script does (debug
/// and warnings on stderr, -v on stdout); the hosted monitor sends them to the server's log.
/// No message ever holds the password, a session id or a token, at any debug level.
/// </summary>
public interface IEnphaseLog
{
    /// <summary>Debug detail of <paramref name="level"/> (1 for -d, 2 for -d -d, 3 for more).</summary>
    void Debug(string message, int level = 1);

    /// <summary>State changes (-v).</summary>
    void Verbose(string message);

    /// <summary>Something the user should look at (an unknown relay state, a failed request).</summary>
    void Warn(string message);
}
