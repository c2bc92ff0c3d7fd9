namespace NutSharp.Host.Logging;

/// <summary>The two record formats a syslog daemon takes on /dev/log.</summary>
public enum SyslogFormat
{
    /// <summary>What glibc's syslog(3) sends, so what upsd sends: <c>&lt;PRI&gt;Mmm dd hh:mm:ss ident[pid]: message</c>.</summary>
    Traditional,

    /// <summary>RFC 5424: <c>&lt;PRI&gt;1 timestamp host ident pid - - message</c>, with the year, sub-seconds and time zone.</summary>
    Rfc5424,
}
