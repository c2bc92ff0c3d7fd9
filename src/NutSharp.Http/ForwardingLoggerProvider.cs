using Microsoft.Extensions.Logging;

namespace NutSharp.Http;

/// <summary>
/// Hands the web application's loggers to the server's own logger factory, so HTTP lines go to the
/// same console (and journal) with the same format and -D level as the rest of the server.
/// </summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory serverLoggers) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => serverLoggers.CreateLogger(categoryName);

    /// <summary>The server's factory belongs to the server: nothing to dispose here.</summary>
    public void Dispose()
    {
    }
}
