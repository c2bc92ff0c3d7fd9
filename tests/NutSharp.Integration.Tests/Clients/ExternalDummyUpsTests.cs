using static NutSharp.Testing.TestPaths;

namespace NutSharp.Integration.Tests.Clients;

/// <summary>
/// Debian's real dummy-ups driver behind the server's driver socket (NutSharp with
/// <c>--external-dummy-ups ext</c>; upsd as usual), seen through the real clients: its data, a SET it
/// applies, the command it does not implement, and losing and regaining the driver.
/// </summary>
[TestFixture(ClientsServer.NutSharpKind)]
[TestFixture(ClientsServer.UpsdKind)]
public sealed class ExternalDummyUpsTests(string serverKind) : ClientsFixture(serverKind)
{
    private const string Ups = "ext";

    protected override ClientsConfiguration Configuration => ClientsConfiguration.ExternalDummyUpsDriver;

    [Test]
    public async Task Upsc_shows_the_drivers_data()
    {
        var result = await RunAsync(Upsc, Server.Target(Ups));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var lines = Lines(result.Stdout);
        Assert.That(lines, Does.Contain("ups.status: OL"), result.ToString());
        Assert.That(lines, Does.Contain("ups.load: 42"), result.ToString());
        Assert.That(lines, Does.Contain("ups.mfr: Real Dummy"), result.ToString());
        Assert.That(lines, Does.Contain("device.model: Ext 900"), result.ToString());
        Assert.That(lines, Does.Contain("driver.name: dummy-ups"), result.ToString());
    }

    [Test]
    public async Task Upsrw_set_is_applied_by_the_driver()
    {
        var result = await RunAsync(Upsrw, "-s", "battery.charge=55", "-u", "admin", "-p", "adminpass", Server.Target(Ups));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stderr, Is.EqualTo("OK\n"), result.ToString());
        // dummy-ups applies it on its next update cycle.
        var check = await RunUntilAsync(r => r.Stdout == "55\n", Upsc, Server.Target(Ups), "battery.charge");
        Assert.That(check.Stdout, Is.EqualTo("55\n"), check + Server.Diagnostics());
    }

    [Test]
    public async Task Upscmd_wait_reports_the_command_dummy_ups_does_not_implement()
    {
        // dummy-ups advertises load.off but answers it with STAT_INSTCMD_UNKNOWN.
        var result = await RunAsync(Upscmd, "-u", "admin", "-p", "adminpass", "-w", Server.Target(Ups), "load.off");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stderr, Is.EqualTo("ERR UNKNOWN\n"), result.ToString());
    }

    [Test]
    public async Task Losing_the_driver_is_reported_and_its_return_restores_the_data()
    {
        try
        {
            await Server.StopDummyUpsAsync(Ups);

            var lost = await RunUntilAsync(r => r.ExitCode != 0, Upsc, Server.Target(Ups), "ups.status");
            Assert.That(lost.ExitCode, Is.EqualTo(1), lost.ToString());
            Assert.That(lost.Stderr, Does.Contain("Error: Driver not connected"), lost.ToString());
        }
        finally
        {
            using var timeout = new CancellationTokenSource(WaitTimeout);
            await Server.StartDummyUpsAsync(Ups, timeout.Token);
        }

        // A freshly started dummy-ups reports WAIT until its first pass over the port file.
        var back = await RunUntilAsync(r => r.Stdout == "OL\n", Upsc, Server.Target(Ups), "ups.status");
        Assert.That(back.ExitCode, Is.Zero, back + Server.Diagnostics());
        Assert.That(back.Stdout, Is.EqualTo("OL\n"), back + Server.Diagnostics());
        var load = await RunAsync(Upsc, Server.Target(Ups), "ups.load");
        Assert.That(load.Stdout, Is.EqualTo("42\n"), load.ToString());
    }
}
