namespace NutSharp.Testing;

/// <summary>
/// A NUT server started on the <see cref="SpecConfiguration"/> layout, so one transcript can be
/// replayed against real upsd and against NutSharp. Implementations own every process and socket
/// they start and tear them all down on dispose.
/// </summary>
public interface INutServerUnderTest : IAsyncDisposable
{
    /// <summary>Short name used in test names: <c>upsd</c> or <c>nutsharp</c>.</summary>
    string Kind { get; }

    string Host { get; }

    int Port { get; }

    /// <summary>The directory holding the configuration, the driver sockets and the port files.</summary>
    string Directory { get; }

    /// <summary>The driver behind the <c>fake</c> UPS, for injecting DATASTALE, closing the socket, etc.</summary>
    ISpecFakeDriver FakeDriver { get; }

    /// <summary>Starts the drivers and the server and returns once every UPS is past WAIT.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    Task StopAsync();

    /// <summary>Stop then start: a fresh server (fresh FSD latches, fresh tracking ids, fresh device data).</summary>
    async Task RestartAsync(CancellationToken cancellationToken)
    {
        await StopAsync();
        await StartAsync(cancellationToken);
    }

    /// <summary>
    /// Makes a dummy-ups UPS lose its driver, so the server answers DRIVER-NOT-CONNECTED
    /// (upsd: the dummy-ups process is stopped; NutSharp: the port file is renamed away).
    /// </summary>
    Task StopDriverAsync(string upsName, CancellationToken cancellationToken);

    /// <summary>Undoes <see cref="StopDriverAsync"/>; the caller waits for the data to come back.</summary>
    Task StartDriverAsync(string upsName, CancellationToken cancellationToken);
}
