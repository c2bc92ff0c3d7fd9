using System.Text.Json;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Clients;

/// <summary>
/// Every method of Debian's PyNUTClient (python3-nut 2.8.0) against a configuration without quotes
/// in descriptions or values (PyNUT splits replies on <c>"</c>; see <see cref="PyNutQuotedDescriptionTests"/>).
/// </summary>
[TestFixture(ClientsServer.NutSharpKind)]
[TestFixture(ClientsServer.UpsdKind)]
public sealed class PyNutClientTests(string serverKind) : ClientsFixture(serverKind)
{
    protected override ClientsConfiguration Configuration => ClientsConfiguration.Clean;

    [OneTimeSetUp]
    public void RequirePyNut()
    {
        ClientsPyNut.RequireInstalled();
    }

    [SetUp]
    public void ForgetDriverTraffic() => Server.FakeDriver.ClearReceived();

    [Test]
    public async Task Get_ups_list_returns_names_and_descriptions()
    {
        var outcome = await CallAsync(null, null, "GetUPSList");

        Assert.That(Dictionary(outcome), Is.EquivalentTo(new Dictionary<string, string>
        {
            ["plain"] = "Plain dummy UPS",
            ["fake"] = "Scripted fake driver",
        }), outcome.ToString());
    }

    [Test]
    public async Task Get_ups_vars_returns_every_variable()
    {
        var outcome = await CallAsync(null, null, "GetUPSVars", "plain");

        var variables = Dictionary(outcome);
        Assert.That(variables, Does.ContainKey("ups.status").WithValue("OL"), outcome.ToString());
        Assert.That(variables, Does.ContainKey("battery.charge").WithValue("95"), outcome.ToString());
        Assert.That(variables, Does.ContainKey("ups.mfr").WithValue("Plain Corp"), outcome.ToString());
        Assert.That(variables, Does.ContainKey("driver.name").WithValue("dummy-ups"), outcome.ToString());
    }

    [Test]
    public async Task Get_ups_vars_of_an_unknown_ups_raises()
    {
        var outcome = await CallAsync(null, null, "GetUPSVars", "nosuch");

        Assert.That(outcome.Error, Is.EqualTo("PyNUTError"), outcome.ToString());
        Assert.That(outcome.Message, Is.EqualTo("ERR UNKNOWN-UPS"), outcome.ToString());
    }

    [Test]
    public async Task Get_ups_commands_returns_every_command()
    {
        var outcome = await CallAsync(null, null, "GetUPSCommands", "fake");

        // PyNUT 1.4.0 asks "GET CMDDESC fake b'load.off'" (a Python 3 bytes bug), so upsd answers
        // "Description unavailable" for every command; the same is expected here.
        Assert.That(Dictionary(outcome), Is.EquivalentTo(new Dictionary<string, string>
        {
            ["load.off"] = "Description unavailable",
            ["load.on"] = "Description unavailable",
            ["test.battery.start"] = "Description unavailable",
        }), outcome.ToString());
    }

    [Test]
    public async Task Get_rw_vars_returns_the_writable_variables()
    {
        var outcome = await CallAsync(null, null, "GetRWVars", "fake");

        var variables = Dictionary(outcome);
        Assert.That(variables.Keys, Is.EquivalentTo(new[] { "ups.id", "ups.delay.shutdown" }), outcome.ToString());
        Assert.That(variables["ups.delay.shutdown"], Is.EqualTo("20"), outcome.ToString());
    }

    [Test]
    public async Task Set_rw_var_changes_the_value()
    {
        var outcome = await CallAsync("admin", "adminpass", "SetRWVar", "fake", "ups.id", "pyset");

        Assert.That(outcome.Result?.GetString(), Is.EqualTo("OK"), outcome.ToString());
        ClientsPyNutOutcome check = null!;
        await Wait.ForAsync(async () => Dictionary(check = await CallAsync(null, null, "GetUPSVars", "fake")).GetValueOrDefault("ups.id") == "pyset",
            WaitTimeout);
        Assert.That(Dictionary(check), Does.ContainKey("ups.id").WithValue("pyset"), check.ToString());
    }

    [Test]
    public async Task Set_rw_var_without_credentials_raises()
    {
        var outcome = await CallAsync(null, null, "SetRWVar", "fake", "ups.id", "nope");

        Assert.That(outcome.Error, Is.EqualTo("PyNUTError"), outcome.ToString());
        Assert.That(outcome.Message, Does.Contain("ERR USERNAME-REQUIRED"), outcome.ToString());
    }

    [Test]
    public async Task Run_ups_command_reaches_the_driver()
    {
        var outcome = await CallAsync("admin", "adminpass", "RunUPSCommand", "fake", "load.on");

        Assert.That(outcome.Result?.GetString(), Is.EqualTo("OK"), outcome.ToString());
        Assert.That(Server.FakeDriver.WaitForLine("INSTCMD load.on", WaitTimeout), Is.True,
            "driver received: " + string.Join(" | ", Server.FakeDriver.ReceivedLines));
    }

    [Test]
    public async Task Fsd_as_primary_sets_forced_shutdown()
    {
        // On fake, so the plain UPS keeps its status for the other tests (FSD lasts until restart).
        var outcome = await CallAsync("monprimary", "primpass", "FSD", "fake");

        Assert.That(outcome.Result?.GetString(), Is.EqualTo("OK"), outcome.ToString());
        var check = await CallAsync(null, null, "GetUPSVars", "fake");
        Assert.That(Dictionary(check), Does.ContainKey("ups.status").WithValue("FSD OL"), check.ToString());
    }

    [Test]
    public async Task Fsd_without_primary_rights_raises()
    {
        var outcome = await CallAsync("readonly", "ropass", "FSD", "plain");

        Assert.That(outcome.Error, Is.EqualTo("PyNUTError"), outcome.ToString());
        Assert.That(outcome.Message, Does.Contain("Primary level functions are not available"), outcome.ToString());
    }

    [Test]
    public async Task Help_lists_the_commands()
    {
        var outcome = await CallAsync(null, null, "help");

        Assert.That(outcome.Result?.GetString(), Is.EqualTo("Commands: HELP VER GET LIST SET INSTCMD LOGIN LOGOUT USERNAME PASSWORD STARTTLS\n"), outcome.ToString());
    }

    [Test]
    public async Task Ver_is_upsds_version_line()
    {
        var outcome = await CallAsync(null, null, "ver");

        Assert.That(outcome.Result?.GetString(), Is.EqualTo("Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/\n"), outcome.ToString());
    }

    [Test]
    public async Task List_clients_gets_invalid_argument()
    {
        // PyNUT sends "LIST CLIENTS" (plural), which upsd does not know.
        var outcome = await CallAsync(null, null, "ListClients");

        Assert.That(outcome.Error, Is.EqualTo("PyNUTError"), outcome.ToString());
        Assert.That(outcome.Message, Is.EqualTo("ERR INVALID-ARGUMENT"), outcome.ToString());
    }

    private Task<ClientsPyNutOutcome> CallAsync(string? login, string? password, string method, params string[] arguments) =>
        ClientsPyNut.CallAsync(Server.Port, login, password, method, arguments);

    private static Dictionary<string, string> Dictionary(ClientsPyNutOutcome outcome)
    {
        if (outcome.Result is not { ValueKind: JsonValueKind.Object } result)
            throw new AssertionException("expected a dictionary, got:\n" + outcome);
        return result.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
    }
}
