using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Clients;

/// <summary>
/// Base of the real-client test fixtures: one server (NutSharp, or upsd as the reference the same
/// assertions must hold against) per fixture, started once and torn down with everything it started.
/// </summary>
[NonParallelizable]
public abstract class ClientsFixture(string serverKind)
{
    /// <summary>Upper bound for anything awaited; generous, never asserted on.</summary>
    protected static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    private ClientsServer? _server;

    protected ClientsServer Server => _server ?? throw new InvalidOperationException("server not started");

    protected abstract ClientsConfiguration Configuration { get; }

    [OneTimeSetUp]
    public async Task StartServer()
    {
        ClientsServer.RequireInstalled(serverKind);
        _server = new ClientsServer(serverKind, Configuration);
        using var timeout = new CancellationTokenSource(WaitTimeout);
        try
        {
            await _server.StartAsync(timeout.Token);
        }
        catch
        {
            await _server.DisposeAsync();
            _server = null;
            throw;
        }
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        if (_server is not null) await _server.DisposeAsync();
        _server = null;
    }

    /// <summary>Runs a NUT client with the setup's environment and returns what it printed.</summary>
    protected Task<ClientsProcessResult> RunAsync(string program, params string[] arguments) =>
        ClientsProcess.RunAsync(program, arguments, Server.NutEnvironment, ClientsProcess.DefaultTimeout);

    /// <summary>Re-runs a client until its result satisfies <paramref name="condition"/>; returns the last result either way.</summary>
    protected async Task<ClientsProcessResult> RunUntilAsync(Func<ClientsProcessResult, bool> condition, string program, params string[] arguments)
    {
        ClientsProcessResult result = null!;
        await Wait.ForAsync(async () => condition(result = await RunAsync(program, arguments)), WaitTimeout);
        return result;
    }

    /// <summary>The stdout lines of a result, without the trailing empty one.</summary>
    protected static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
}
