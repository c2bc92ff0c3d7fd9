using NutSharp.Tests.Shared;
using static NutSharp.Testing.TestPaths;

namespace NutSharp.Integration.Tests.Clients;

/// <summary>Debian's upsc (nut-client 2.8.0) against the protocol.md §16 configuration.</summary>
[TestFixture(ClientsServer.NutSharpKind)]
[TestFixture(ClientsServer.UpsdKind)]
public sealed class UpscTests(string serverKind) : ClientsFixture(serverKind)
{
    protected override ClientsConfiguration Configuration => ClientsConfiguration.Spec;

    [Test]
    public async Task Lists_ups_names()
    {
        var result = await RunAsync(Upsc, "-l", Server.HostPort);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(Lines(result.Stdout), Is.EqualTo(new[] { "dummy1", "dummy2", "fake" }), result.ToString());
    }

    [Test]
    public async Task Lists_ups_names_with_unescaped_descriptions()
    {
        var result = await RunAsync(Upsc, "-L", Server.HostPort);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(Lines(result.Stdout), Is.EqualTo(new[]
        {
            "dummy1: Dummy #1 \"main\" \\ UPS",
            "dummy2: Description unavailable",
            "fake: Scripted fake driver",
        }), result.ToString());
    }

    [Test]
    public async Task Dumps_every_variable()
    {
        var result = await RunAsync(Upsc, Server.Target("dummy1"));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var lines = Lines(result.Stdout);
        Assert.That(lines, Does.Contain("ups.status: OL CHRG"), result.ToString());
        Assert.That(lines, Does.Contain("battery.charge: 87"), result.ToString());
        Assert.That(lines, Does.Contain("ups.id: Rack 4"), result.ToString());
        Assert.That(lines, Does.Contain("ups.test.result: Done and passed"), result.ToString());
        Assert.That(lines, Does.Contain("device.mfr: Dummy Corp"), result.ToString());
        Assert.That(lines, Does.Contain("driver.name: dummy-ups"), result.ToString());
        Assert.That(lines, Does.Contain("input.voltage: 230.4"), result.ToString());
        // Ends cleanly: every line is "name: value" (no error or stray protocol text), sorted as upsd sorts.
        Assert.That(lines, Has.All.Match(@"^[A-Za-z0-9_.]+: "), result.ToString());
        Assert.That(result.Stdout, Does.EndWith("\n"), result.ToString());
        Assert.That(result.Stderr, Does.Not.Contain("Error"), result.ToString());
    }

    [Test]
    public async Task Prints_one_variable()
    {
        var result = await RunAsync(Upsc, Server.Target("dummy1"), "ups.status");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stdout, Is.EqualTo("OL CHRG\n"), result.ToString());
    }

    [Test]
    public async Task Lists_clients_that_logged_in()
    {
        using var monitor = new LineClient(Server.Port);
        Assert.That(monitor.Ask("USERNAME monsecondary"), Is.EqualTo("OK"));
        Assert.That(monitor.Ask("PASSWORD secpass"), Is.EqualTo("OK"));
        Assert.That(monitor.Ask("LOGIN dummy1"), Is.EqualTo("OK"));

        var result = await RunAsync(Upsc, "-c", Server.Target("dummy1"));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(Lines(result.Stdout), Does.Contain("127.0.0.1"), result.ToString());
    }

    [Test]
    public async Task Unknown_ups_is_an_error()
    {
        var result = await RunAsync(Upsc, Server.Target("nosuch"));

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain("Error: Unknown UPS"), result.ToString());
        Assert.That(result.Stdout, Is.Empty, result.ToString());
    }

    [Test]
    public async Task Unknown_variable_is_an_error()
    {
        var result = await RunAsync(Upsc, Server.Target("dummy1"), "no.such.variable");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain("Error: Variable not supported by UPS"), result.ToString());
        Assert.That(result.Stdout, Is.Empty, result.ToString());
    }
}
