using Microsoft.Extensions.Logging;

namespace NutSharp.Tests.Server;

/// <summary>An ILogger that keeps every entry (level, formatted message, exception) for assertions; thread-safe.</summary>
public sealed class CapturingLogger : ILogger
{
    private readonly List<LogEntry> _entries = [];

    public sealed record LogEntry(LogLevel Level, string Message, Exception? Exception)
    {
        /// <summary>Everything a log sink would write: the message and the exception with its stack.</summary>
        public string FullText => Exception is null ? Message : Message + "\n" + Exception;
    }

    public IReadOnlyList<LogEntry> Entries
    {
        get { lock (_entries) return [.. _entries]; }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries) _entries.Add(new LogEntry(logLevel, formatter(state, exception), exception));
    }
}
