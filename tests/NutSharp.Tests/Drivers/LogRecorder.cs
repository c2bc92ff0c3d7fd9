using Microsoft.Extensions.Logging;

namespace NutSharp.Tests.Drivers;

/// <summary>Keeps every log line (level and formatted text) so tests can count what a user would read.</summary>
internal sealed class LogRecorder : ILoggerFactory, ILoggerProvider
{
    private readonly List<(LogLevel Level, string Text, Exception? Exception)> _lines = [];

    public IReadOnlyList<(LogLevel Level, string Text, Exception? Exception)> Lines
    {
        get { lock (_lines) return [.. _lines]; }
    }

    /// <summary>Lines at <paramref name="level"/> or above.</summary>
    public IReadOnlyList<string> AtLeast(LogLevel level) => [.. Lines.Where(l => l.Level >= level).Select(l => l.Text)];

    public ILogger CreateLogger(string categoryName) => new Recorder(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Recorder(LogRecorder owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._lines) owner._lines.Add((logLevel, formatter(state, exception), exception));
        }
    }
}
