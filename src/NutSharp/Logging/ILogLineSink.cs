using Microsoft.Extensions.Logging;

namespace NutSharp.Host.Logging;

/// <summary>Somewhere one finished log message goes (syslog, the journal's stream).</summary>
internal interface ILogLineSink : IDisposable
{
    void Write(LogLevel level, string message);
}
