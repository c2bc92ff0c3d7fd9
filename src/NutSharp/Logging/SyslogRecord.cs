using System.Globalization;
using Microsoft.Extensions.Logging;

namespace NutSharp.Host.Logging;

/// <summary>Turns one log message into the datagram a syslog daemon reads from /dev/log.</summary>
internal static class SyslogRecord
{
    /// <summary>LOG_DAEMON: upsd's facility (NUT's LOG_FACILITY default).</summary>
    public const int DaemonFacility = 3;

    /// <summary>
    /// The syslog severity of a .NET log level, as upsd's calls map: upslogx(LOG_ERR/LOG_WARNING/
    /// LOG_INFO) for errors, warnings and information, LOG_DEBUG for every upsdebugx level.
    /// </summary>
    public static int Severity(LogLevel level) => level switch
    {
        LogLevel.Critical => 2, // LOG_CRIT
        LogLevel.Error => 3,    // LOG_ERR
        LogLevel.Warning => 4,  // LOG_WARNING
        LogLevel.Information => 6, // LOG_INFO
        _ => 7,                 // LOG_DEBUG
    };

    /// <summary>
    /// The traditional format, byte for byte as glibc's syslog(3) puts it on /dev/log (no host
    /// name; the daemon adds it): <c>&lt;30&gt;Dec  3 10:00:00 upsd[1234]: message</c>, local time.
    /// </summary>
    public static string Traditional(int severity, DateTimeOffset localTime, string ident, int pid, string message)
    {
        var month = localTime.ToString("MMM", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"<{DaemonFacility * 8 + severity}>{month} {localTime.Day,2} {localTime:HH:mm:ss} {ident}[{pid}]: {OneLine(message)}");
    }

    /// <summary>RFC 5424 (section 6): version 1, full timestamp with its offset, host, app name, PID; no MSGID, no structured data.</summary>
    public static string Rfc5424(int severity, DateTimeOffset time, string host, string ident, int pid, string message)
    {
        string hostField = string.IsNullOrWhiteSpace(host) ? "-" : host;
        return string.Create(CultureInfo.InvariantCulture,
            $"<{DaemonFacility * 8 + severity}>1 {time:yyyy-MM-dd'T'HH:mm:ss.ffffffzzz} {hostField} {ident} {pid} - - {OneLine(message)}");
    }

    /// <summary>One record per message: a line break would be read as the end of it by some daemons.</summary>
    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
