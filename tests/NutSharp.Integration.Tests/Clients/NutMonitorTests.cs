using System.Globalization;
using System.Text;

namespace NutSharp.Integration.Tests.Clients;

/// <summary>
/// Debian's NUT-Monitor (nut-monitor 2.8.0, PyQt5 + PyNUT), headless under xvfb-run, opening a
/// favorite with credentials. A recording proxy between it and the server shows what it did:
/// log in, list the UPS, its commands, variables and RW variables, then poll LIST VAR every second.
/// </summary>
[TestFixture(ClientsServer.NutSharpKind)]
[TestFixture(ClientsServer.UpsdKind)]
public sealed class NutMonitorTests(string serverKind) : ClientsFixture(serverKind)
{
    private const string XvfbRun = "/usr/bin/xvfb-run";
    private const string NutMonitor = "/usr/bin/NUT-Monitor-py3qt5";

    protected override ClientsConfiguration Configuration => ClientsConfiguration.Clean;

    [Test]
    public async Task ConnectsAndKeepsPollingTheUps()
    {
        if (!File.Exists(XvfbRun) || !File.Exists(NutMonitor)) Assert.Ignore("nut-monitor or xvfb is not installed");
        using var proxy = new ClientsRecordingProxy(Server.Port);
        string home = WriteFavorite(proxy.Port);
        string pidFile = Path.Combine(home, "timeout.pid");

        // timeout is only a safety net; the test stops the monitor itself once it has seen enough.
        // The shell records timeout's pid (exec keeps it) so SIGTERM reaches the monitor through it.
        var environment = new Dictionary<string, string> { ["HOME"] = home, ["QT_QPA_PLATFORM"] = "xcb" };
        var monitor = ClientsBackgroundProcess.Start(XvfbRun,
            ["-a", "/bin/sh", "-c", "echo $$ > \"$0\"; exec timeout 120 \"$1\" -F fav", pidFile, NutMonitor],
            environment, home);
        bool keptRunning;
        int? exitCode;
        string diagnostics;
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            while (Count(proxy, "LIST VAR plain") < 2 && !monitor.HasExited && DateTime.UtcNow < deadline)
                await Task.Delay(250);
            keptRunning = !monitor.HasExited;
        }
        finally
        {
            // Stop the monitor through timeout and let xvfb-run end by itself: xvfb-run (dash) only
            // removes its Xvfb on a normal exit, not when it is signalled.
            await StopThroughTimeoutAsync(pidFile);
            exitCode = await monitor.WaitForExitAsync(TimeSpan.FromSeconds(30)) ? monitor.ExitCode : null;
            diagnostics = $"{monitor}\nrequests:\n{string.Join('\n', proxy.Requests)}";
            await monitor.DisposeAsync();
        }

        Assert.That(keptRunning, Is.True, "NUT-Monitor exited (crashed) instead of monitoring:\n" + diagnostics);
        // 143: timeout passed on our SIGTERM, so the monitor was still running until we stopped it.
        Assert.That(exitCode, Is.EqualTo(143), diagnostics);
        var requests = proxy.Requests;
        Assert.That(requests, Does.Contain("USERNAME monprimary"), diagnostics);
        Assert.That(requests, Does.Contain("PASSWORD primpass"), diagnostics);
        Assert.That(requests, Does.Contain("LIST UPS"), diagnostics);
        Assert.That(requests, Does.Contain("LIST CMD plain"), diagnostics);
        Assert.That(requests, Does.Contain("LIST RW plain"), diagnostics);
        Assert.That(Count(proxy, "LIST VAR plain"), Is.GreaterThanOrEqualTo(2), diagnostics);
    }

    private static int Count(ClientsRecordingProxy proxy, string request) => proxy.Requests.Count(r => r == request);

    /// <summary>A fresh HOME with ~/.nut-monitor/favorites.ini holding favorite <c>fav</c> (password base64, as NUT-Monitor stores it).</summary>
    private string WriteFavorite(int port)
    {
        string home = Path.Combine(Server.Directory, "home-" + Guid.NewGuid().ToString("N")[..8]);
        string favorites = Path.Combine(home, ".nut-monitor");
        Directory.CreateDirectory(favorites);
        // NUT-Monitor wants the directory private (0700); it would chmod it itself otherwise.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(favorites, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(favorites, "favorites.ini"), $"""
            [fav]
            host = 127.0.0.1
            port = {port}
            ups = plain
            auth = true
            login = monprimary
            password = {Convert.ToBase64String(Encoding.ASCII.GetBytes("primpass"))}

            """);
        return home;
    }

    private static async Task StopThroughTimeoutAsync(string pidFile)
    {
        if (!File.Exists(pidFile)) return;
        string pid = (await File.ReadAllTextAsync(pidFile)).Trim();
        if (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out _)) return;
        using var kill = System.Diagnostics.Process.Start("kill", ["-TERM", pid]);
        if (kill is not null) await kill.WaitForExitAsync();
    }
}
