namespace NutSharp.Integration.Tests.Clients;

/// <summary>
/// NUT-Monitor's known crash (as with real upsd): it reads LIST UPS through PyNUT's GetUPSList,
/// which raises ValueError on dummy1's escaped quote, so it exits at start-up with a traceback.
/// </summary>
[TestFixture(ClientsServer.NutSharpKind)]
[TestFixture(ClientsServer.UpsdKind)]
public sealed class NutMonitorQuotedDescriptionTests(string serverKind) : ClientsFixture(serverKind)
{
    protected override ClientsConfiguration Configuration => ClientsConfiguration.Spec;

    [Test]
    public async Task Crashes_at_start_up_on_a_quote_in_a_description()
    {
        ClientsNutMonitor.RequireInstalled();
        string home = ClientsNutMonitor.CreateHome(Server.Directory, Server.Port, "dummy2");
        await using var xvfb = await ClientsXvfb.StartAsync(WaitTimeout);

        // If it did not crash it would keep running, and the run would fail with a TimeoutException.
        var result = await ClientsProcess.RunAsync(ClientsNutMonitor.Program, ["-F", ClientsNutMonitor.Favorite],
            ClientsNutMonitor.Environment(home, xvfb), TimeSpan.FromSeconds(60));

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain("ValueError: too many values to unpack"), result.ToString());
    }
}
