using Microsoft.Extensions.Logging;

namespace NutSharp.Host.Logging;

/// <summary>
/// A logger provider that hands each message, as one text, to an <see cref="ILogLineSink"/>.
/// Debug messages carry upsd's level marker (<c>[D1]</c> for -D, <c>[D2]</c> for -DD and more),
/// as upsdebugx prints them, so a reader can tell which -D level shows them.
/// </summary>
internal sealed class LineLoggerProvider(ILogLineSink sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new LineLogger(sink);

    public void Dispose() => sink.Dispose();

    /// <summary>The text of one message: the level marker, the message, and the exception's type and message (no stack trace).</summary>
    public static string Text(LogLevel level, string message, Exception? exception)
    {
        string marker = level switch
        {
            LogLevel.Debug => "[D1] ",
            LogLevel.Trace => "[D2] ",
            _ => "",
        };
        return exception is null ? marker + message : $"{marker}{message}: {exception.GetType().Name}: {exception.Message}";
    }

    private sealed class LineLogger(ILogLineSink sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        // The minimum level is the logging builder's filter (-D), applied before this is asked.
        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            sink.Write(logLevel, Text(logLevel, formatter(state, exception), exception));
        }
    }
}
