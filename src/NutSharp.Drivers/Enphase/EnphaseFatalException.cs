namespace NutSharp.Drivers.Enphase;

/// <summary>
/// The script's <c>die</c>: a condition the monitor cannot run on (bad config, unreadable port file,
/// no token). The standalone command prints <c>enphase-monitor UPS: message</c> and exits 1; the
/// hosted monitor logs it and starts again later, as systemd's <c>Restart=always</c> does for the script.
/// </summary>
public sealed class EnphaseFatalException(string message) : Exception(message);

/// <summary>The script's <c>usage</c> on stderr with exit status 2 (e.g. no UPS name anywhere).</summary>
public sealed class EnphaseUsageException(string message) : Exception(message);
