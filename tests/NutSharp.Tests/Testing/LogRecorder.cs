using Microsoft.Extensions.Logging;

namespace NutSharp.Tests.Testing;

/// <summary>
/// Keeps every log entry (level, formatted text, exception) so tests can count and read what a user
/// would read. Usable as a logger and as a logger factory (all categories in one list); thread-safe.
/// </summary>
public sealed class LogRecorder : ILoggerFactory, ILogger
{
    private readonly List<LogEntry> _entries = [];

    public sealed record LogEntry(LogLevel Level, string Text, Exception? Exception)
    {
        /// <summary>Everything a log sink would write: the text and the exception with its stack.</summary>
        public string FullText => Exception is null ? Text : Text + "\n" + Exception;
    }

    public IReadOnlyList<LogEntry> Lines
    {
        get { lock (_entries) return [.. _entries]; }
    }

    /// <summary>The texts of the entries at <paramref name="level"/> or above.</summary>
    public IReadOnlyList<string> AtLeast(LogLevel level) => [.. Lines.Where(l => l.Level >= level).Select(l => l.Text)];

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries) _entries.Add(new LogEntry(logLevel, formatter(state, exception), exception));
    }

    public void Dispose()
    {
    }
}
