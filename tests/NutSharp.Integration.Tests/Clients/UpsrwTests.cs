using static NutSharp.Testing.TestPaths;

namespace NutSharp.Integration.Tests.Clients;

/// <summary>Debian's upsrw (nut-client 2.8.0): listing writable variables, setting them, tracking, errors.</summary>
[TestFixture(ClientsServer.NutSharpKind)]
[TestFixture(ClientsServer.UpsdKind)]
public sealed class UpsrwTests(string serverKind) : ClientsFixture(serverKind)
{
    protected override ClientsConfiguration Configuration => ClientsConfiguration.Spec;

    [SetUp]
    public void ForgetDriverTraffic() => Server.FakeDriver.ClearReceived();

    [Test]
    public async Task Lists_writable_variables_with_type_and_value()
    {
        var result = await RunAsync(Upsrw, Server.Target("dummy1"));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stdout, Does.Contain("""
            [ups.id]
            UPS system identifier
            Type: STRING
            Maximum length: 16
            Value: Rack 4

            """), result.ToString());
        Assert.That(result.Stdout, Does.Contain("""
            [battery.charge]
            Battery charge (percent of full)
            Type: NUMBER
            Value: 87

            """), result.ToString());
        Assert.That(result.Stdout, Does.Contain("""
            [ups.status]
            UPS status
            Type: STRING
            Maximum length: 32
            Value: OL CHRG

            """), result.ToString());
        Assert.That(result.Stdout, Does.Contain("[device.mfr]\nDescription unavailable\n"), result.ToString());
    }

    [Test]
    public async Task Lists_enum_and_range_options()
    {
        var result = await RunAsync(Upsrw, Server.Target("fake"));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stdout, Does.Contain("""
            [input.transfer.low]
            Low voltage transfer point (V)
            Type: ENUM NUMBER
            Option: "103"
            Option: "95"
            Option: "100" SELECTED
            Option: "98"

            """), result.ToString());
        // The fake driver also sends a repeated and an inverted range; only the valid ones are listed.
        Assert.That(result.Stdout, Does.Contain("""
            [input.transfer.high]
            High voltage transfer point (V)
            Type: RANGE NUMBER
            Option: "120-130" SELECTED
            Option: "135-140"

            """), result.ToString());
        Assert.That(result.Stdout, Does.Contain("""
            [ups.beeper.status]
            UPS beeper status
            Type: ENUM STRING
            Maximum length: 16
            Option: "enabled" SELECTED
            Option: "disabled"
            Option: "say "hi""

            """), result.ToString());
        // Read-only variables are not listed.
        Assert.That(result.Stdout, Does.Not.Contain("[ups.test.result]"), result.ToString());
        Assert.That(result.Stdout, Does.Not.Contain("[ups.status]"), result.ToString());
    }

    [Test]
    public async Task Sets_a_variable_the_driver_then_reports()
    {
        var result = await RunAsync(Upsrw, "-s", "ups.id=xyz", "-u", "admin", "-p", "adminpass", Server.Target("fake"));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stderr, Is.EqualTo("OK\n"), result.ToString());
        Assert.That(Server.FakeDriver.WaitForLine("SET ups.id \"xyz\"", WaitTimeout), Is.True,
            "driver received: " + string.Join(" | ", Server.FakeDriver.ReceivedLines));
        var check = await RunUntilAsync(r => r.Stdout == "xyz\n", Upsc, Server.Target("fake"), "ups.id");
        Assert.That(check.Stdout, Is.EqualTo("xyz\n"), check.ToString());
    }

    [Test]
    public async Task Waits_for_the_driver_and_prints_success()
    {
        var result = await RunAsync(Upsrw, "-s", "ups.id=tracked", "-u", "admin", "-p", "adminpass", "-w", Server.Target("fake"));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stderr, Is.EqualTo("SUCCESS\n"), result.ToString());
        Assert.That(Server.FakeDriver.ReceivedLines, Has.Some.StartsWith("SET ups.id \"tracked\" TRACKING "));
        var check = await RunUntilAsync(r => r.Stdout == "tracked\n", Upsc, Server.Target("fake"), "ups.id");
        Assert.That(check.Stdout, Is.EqualTo("tracked\n"), check.ToString());
    }

    [Test]
    public async Task Wrong_password_is_access_denied()
    {
        var result = await RunAsync(Upsrw, "-s", "ups.id=nope", "-u", "admin", "-p", "wrong", Server.Target("fake"));

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain("Unexpected response from upsd: ERR ACCESS-DENIED"), result.ToString());
        Assert.That(Server.FakeDriver.ReceivedLines, Has.None.StartsWith("SET "));
    }

    [Test]
    public async Task Value_longer_than_the_string_limit_is_too_long()
    {
        // ups.id on the fake driver is STRING:8.
        var result = await RunAsync(Upsrw, "-s", "ups.id=123456789", "-u", "admin", "-p", "adminpass", Server.Target("fake"));

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain("Unexpected response from upsd: ERR TOO-LONG"), result.ToString());
        Assert.That(Server.FakeDriver.ReceivedLines, Has.None.StartsWith("SET "));
    }
}
