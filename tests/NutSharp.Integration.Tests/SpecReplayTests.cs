using NutSharp.Testing;

namespace NutSharp.Integration.Tests;

/// <summary>
/// Replays every protocol-spec/cases/*.case against one server kind. One server instance is shared
/// by the fixture; it is restarted only before a <c># fresh-server</c> case, or after a case that
/// changed shared state (<c># mutates-server</c>) or failed.
/// </summary>
[TestFixture("upsd")]
[TestFixture("nutsharp")]
[NonParallelizable]
public sealed class SpecReplayTests(string serverKind)
{
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(120);

    private INutServerUnderTest? _server;
    private bool _needsRestart;

    public static IEnumerable<TestCaseData> Cases()
    {
        string directory = Path.Combine(TestPaths.RepositoryRoot, "protocol-spec", "cases");
        foreach (var path in System.IO.Directory.GetFiles(directory, "*.case").Order(StringComparer.Ordinal))
            yield return new TestCaseData(Path.GetFileName(path)).SetName(Path.GetFileNameWithoutExtension(path));
    }

    [OneTimeSetUp]
    public async Task StartServer()
    {
        if (serverKind == "upsd")
        {
            TestPaths.RequireInstalled(TestPaths.Upsd, TestPaths.DummyUps);
            _server = new RealUpsd();
        }
        else
        {
            if (!NutSharpServer.IsWired) Assert.Ignore("NutSharp launcher not wired");
            _server = new NutSharpServer();
        }
        using var timeout = new CancellationTokenSource(CaseTimeout);
        await _server.StartAsync(timeout.Token);
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Case(string fileName)
    {
        var specCase = SpecCase.Load(Path.Combine(TestPaths.RepositoryRoot, "protocol-spec", "cases", fileName));
        var server = _server!;
        using var timeout = new CancellationTokenSource(CaseTimeout);
        if (specCase.FreshServer || _needsRestart)
        {
            await server.RestartAsync(timeout.Token);
            _needsRestart = false;
        }

        await using var runner = new SpecCaseRunner(server);
        try
        {
            await runner.RunAsync(specCase, timeout.Token);
        }
        catch (Exception e)
        {
            _needsRestart = true;
            Assert.Fail($"{specCase.Name} against {server.Kind}: {e.Message}\n\n--- expected (case file) ---\n{File.ReadAllText(specCase.Path)}\n--- transcript (got) ---\n{runner.Transcript}");
        }
        if (specCase.MutatesServer) _needsRestart = true;
        if (specCase.Deviation is not null) TestContext.Out.WriteLine($"deviation: {specCase.Deviation}");
    }
}
