using static NutSharp.Testing.TestPaths;

namespace NutSharp.Integration.Tests.Clients;

/// <summary>Debian's upscmd (nut-client 2.8.0): listing instant commands, running them, tracking, access control.</summary>
[TestFixture(ClientsServer.NutSharpKind)]
[TestFixture(ClientsServer.UpsdKind)]
public sealed class UpscmdTests(string serverKind) : ClientsFixture(serverKind)
{
    protected override ClientsConfiguration Configuration => ClientsConfiguration.Spec;

    [SetUp]
    public void ForgetDriverTraffic() => Server.FakeDriver.ClearReceived();

    [Test]
    public async Task Lists_commands_with_descriptions()
    {
        var result = await RunAsync(Upscmd, "-l", Server.Target("fake"));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stdout, Is.EqualTo("""
            Instant commands supported on UPS [fake]:

            Beeper.Toggle - Toggle the UPS beeper
            cmd.conversion - Description unavailable
            cmd.failed - Description unavailable
            cmd.invalid - Description unavailable
            cmd.pending - Description unavailable
            cmd.unknown - Description unavailable
            load.off - Turn off the load immediately
            load.on - Turn on the load immediately
            shutdown.return - Turn off the load and return when power is back
            test.battery.start - Start a battery test

            """), result.ToString());
    }

    [Test]
    public async Task Runs_a_command_on_the_driver()
    {
        var result = await RunAsync(Upscmd, "-u", "admin", "-p", "adminpass", Server.Target("fake"), "load.off");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stderr, Is.EqualTo("OK\n"), result.ToString());
        Assert.That(Server.FakeDriver.WaitForLine("INSTCMD load.off", WaitTimeout), Is.True, DriverTraffic());
    }

    [Test]
    public async Task Passes_the_command_parameter_to_the_driver()
    {
        var result = await RunAsync(Upscmd, "-u", "admin", "-p", "adminpass", Server.Target("fake"), "load.off", "10");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stderr, Is.EqualTo("OK\n"), result.ToString());
        Assert.That(Server.FakeDriver.WaitForLine("INSTCMD load.off 10", WaitTimeout), Is.True, DriverTraffic());
    }

    [Test]
    public async Task Waits_for_the_driver_and_prints_success()
    {
        var result = await RunAsync(Upscmd, "-u", "admin", "-p", "adminpass", "-w", Server.Target("fake"), "load.off");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stderr, Is.EqualTo("SUCCESS\n"), result.ToString());
        Assert.That(Server.FakeDriver.ReceivedLines, Has.Some.StartsWith("INSTCMD load.off TRACKING "), DriverTraffic());
    }

    [Test]
    public async Task Prints_the_tracking_error_when_the_driver_does_not_know_the_command()
    {
        // The fake driver answers cmd.unknown with status 1 (STAT_INSTCMD_UNKNOWN); upscmd prints the
        // tracking reply and, like with upsd, still exits 0.
        var result = await RunAsync(Upscmd, "-u", "admin", "-p", "adminpass", "-w", Server.Target("fake"), "cmd.unknown");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stderr, Is.EqualTo("ERR UNKNOWN\n"), result.ToString());
    }

    [Test]
    public async Task User_without_that_command_is_denied()
    {
        var result = await RunAsync(Upscmd, "-u", "limited", "-p", "limpass", Server.Target("fake"), "load.on");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain("Unexpected response from upsd: ERR ACCESS-DENIED"), result.ToString());
        Assert.That(Server.FakeDriver.ReceivedLines, Has.None.StartsWith("INSTCMD"), DriverTraffic());
    }

    private string DriverTraffic() => "driver received: " + string.Join(" | ", Server.FakeDriver.ReceivedLines);
}
