using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Clients;

/// <summary>
/// Debian's NUT-Monitor (nut-monitor 2.8.0, PyQt5 + PyNUT), headless on a private Xvfb, opening a
/// favorite with credentials. A recording proxy between it and the server shows what it did:
/// log in, list the UPS, its commands, variables and RW variables, then poll LIST VAR every second.
/// </summary>
[TestFixture(ClientsServer.NutSharpKind)]
[TestFixture(ClientsServer.UpsdKind)]
public sealed class NutMonitorTests(string serverKind) : ClientsFixture(serverKind)
{
    protected override ClientsConfiguration Configuration => ClientsConfiguration.Clean;

    [Test]
    public async Task Connects_and_keeps_polling_the_ups()
    {
        ClientsNutMonitor.RequireInstalled();
        using var proxy = new ClientsRecordingProxy(Server.Port);
        string home = ClientsNutMonitor.CreateHome(Server.Directory, proxy.Port, "plain", "monprimary", "primpass");
        await using var xvfb = await ClientsXvfb.StartAsync(WaitTimeout);

        bool keptRunning;
        string diagnostics;
        await using (var monitor = ClientsBackgroundProcess.Start(ClientsNutMonitor.Program,
            ["-F", ClientsNutMonitor.Favorite], ClientsNutMonitor.Environment(home, xvfb), home))
        {
            // No fixed run time: wait (generously) for two polls, then check it is still running.
            await Wait.ForAsync(() => Count(proxy, "LIST VAR plain") >= 2 || monitor.HasExited, TimeSpan.FromSeconds(90));
            keptRunning = !monitor.HasExited;
            diagnostics = $"{monitor}\nrequests:\n{string.Join('\n', proxy.Requests)}";
        }

        Assert.That(keptRunning, Is.True, "NUT-Monitor exited (crashed) instead of monitoring:\n" + diagnostics);
        var requests = proxy.Requests;
        Assert.That(requests, Does.Contain("USERNAME monprimary"), diagnostics);
        Assert.That(requests, Does.Contain("PASSWORD primpass"), diagnostics);
        Assert.That(requests, Does.Contain("LIST UPS"), diagnostics);
        Assert.That(requests, Does.Contain("LIST CMD plain"), diagnostics);
        Assert.That(requests, Does.Contain("LIST RW plain"), diagnostics);
        Assert.That(Count(proxy, "LIST VAR plain"), Is.GreaterThanOrEqualTo(2), diagnostics);
    }

    private static int Count(ClientsRecordingProxy proxy, string request) => proxy.Requests.Count(r => r == request);
}
