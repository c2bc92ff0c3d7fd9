using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Clients;

/// <summary>
/// A private headless X server for GUI clients. Xvfb is started directly (what xvfb-run does) so it
/// stays this process's child: it is stopped and reaped on dispose, where xvfb-run, when its command
/// is signalled, can leave an orphaned Xvfb behind. <c>-displayfd</c> picks a free display.
/// </summary>
public sealed class ClientsXvfb : IAsyncDisposable
{
    public const string XvfbPath = "/usr/bin/Xvfb";

    private readonly ClientsBackgroundProcess _xvfb;

    private ClientsXvfb(ClientsBackgroundProcess xvfb, string display)
    {
        _xvfb = xvfb;
        Display = display;
    }

    /// <summary>The value for DISPLAY, e.g. <c>:3</c>.</summary>
    public string Display { get; }

    public static async Task<ClientsXvfb> StartAsync(TimeSpan timeout)
    {
        var xvfb = ClientsBackgroundProcess.Start(XvfbPath, ["-displayfd", "1", "-nolisten", "tcp", "-screen", "0", "1024x768x24"]);
        // With -displayfd 1 the display number is the first line Xvfb writes to stdout, once it accepts clients.
        string? DisplayNumber() => xvfb.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && l.All(char.IsAsciiDigit));
        await Wait.ForAsync(() => DisplayNumber() is not null || xvfb.HasExited, timeout);
        if (DisplayNumber() is { } number) return new ClientsXvfb(xvfb, ":" + number);
        string output = xvfb.ToString();
        await xvfb.DisposeAsync();
        throw new InvalidOperationException("Xvfb did not start:\n" + output);
    }

    public ValueTask DisposeAsync() => _xvfb.DisposeAsync();
}
