using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Http;

/// <summary>
/// SET VAR, INSTCMD and FSD over HTTP with the right, the wrong and no credentials: each user
/// (upsd.users of the spec configuration) gets exactly the answer the same request gets over NUT,
/// and a write that reaches the driver is reported with the driver's own result.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class HttpWriteTests
{
    private HttpSandbox _sandbox = null!;

    private static readonly Dictionary<string, string> Passwords = new()
    {
        ["admin"] = "adminpass",
        ["limited"] = "limpass",
        ["readonly"] = "ropass",
        ["monprimary"] = "prim pass",
    };

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _sandbox = new HttpSandbox();
        _sandbox.UseSpecConfiguration();
        await _sandbox.StartAsync();
    }

    [OneTimeTearDown]
    public void StopServer() => _sandbox?.Dispose();

    private async Task<(HttpStatusCode Status, string Body, string Result, string? TrackingId, HttpResponseMessage Response)> PostAsync(
        string path, string? user, string? password = null, string body = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "text/plain") };
        if (user is not null) request.Headers.Authorization = HttpSandbox.Basic(user, password ?? Passwords[user]);
        var response = await _sandbox.Client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        string json = JsonNode.Parse(text) is JsonValue v ? v.GetValue<string>() : text;
        return (response.StatusCode, json,
            response.Headers.TryGetValues("X-NUT-Result", out var result) ? result.Single() : "",
            response.Headers.TryGetValues("X-NUT-Tracking-Id", out var id) ? id.Single() : null,
            response);
    }

    /// <summary>The same request over NUT as <paramref name="user"/>: its one reply line.</summary>
    private string AskNut(string user, string request)
    {
        using var nut = _sandbox.Host.Connect();
        Assert.That(nut.Ask($"USERNAME {user}"), Is.EqualTo("OK"));
        Assert.That(nut.Ask($"PASSWORD \"{Passwords[user]}\""), Is.EqualTo("OK"));
        return nut.Ask(request)!;
    }

    [TestCase("api/v1/devices/fake/var/ups.delay.shutdown")]
    [TestCase("api/v1/devices/fake/command/load.off")]
    [TestCase("api/v1/devices/dummy1/fsd")]
    public async Task Without_valid_credentials_a_write_is_unauthorized_and_never_reaches_the_driver(string path)
    {
        _sandbox.FakeDriver!.ClearReceived();
        foreach (var (user, password) in new (string?, string?)[] { (null, null), ("admin", "wrong"), ("nosuchuser", "adminpass"), ("admin", "") })
        {
            var answer = await PostAsync(path, user, password, "25");
            Assert.That((answer.Status, answer.Body), Is.EqualTo((HttpStatusCode.Unauthorized, "Unauthorized")), $"{user}:{password}");
            Assert.That(answer.Response.Headers.WwwAuthenticate.Single().Scheme, Is.EqualTo("Basic"));
        }
        Assert.That(_sandbox.FakeDriver.ReceivedLines.Where(l => l.StartsWith("SET", StringComparison.Ordinal) || l.StartsWith("INSTCMD", StringComparison.Ordinal)), Is.Empty);
        // A right login still works after the failures (they only slow that address down).
        var ok = await PostAsync("api/v1/devices/fake/var/ups.delay.shutdown", "admin", body: "20");
        Assert.That(ok.Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("admin")]
    [TestCase("limited")]
    [TestCase("readonly")]
    [TestCase("monprimary")]
    public async Task Each_user_has_exactly_the_rights_it_has_over_nut(string user)
    {
        var cases = new (string Path, string Body, string Nut)[]
        {
            ("api/v1/devices/fake/var/ups.delay.shutdown", "25", "SET VAR fake ups.delay.shutdown 25"),
            ("api/v1/devices/fake/command/load.off", "", "INSTCMD fake load.off"),
            ("api/v1/devices/fake/command/load.on", "", "INSTCMD fake load.on"),
            ("api/v1/devices/dummy2/fsd", "", "FSD dummy2"),
        };
        foreach (var (path, body, request) in cases)
        {
            string nut = AskNut(user, request);
            var http = await PostAsync(path, user, body: body);
            if (nut.StartsWith("OK", StringComparison.Ordinal))
            {
                Assert.That(http.Status, Is.EqualTo(HttpStatusCode.OK), $"{user}: {request} -> {nut}; HTTP said {http.Body}");
                Assert.That(http.Result, Does.StartWith("OK"));
            }
            else
            {
                Assert.That(http.Result, Is.EqualTo(nut), $"{user}: {request}");
                Assert.That(http.Status, Is.EqualTo(nut == "ERR ACCESS-DENIED" ? HttpStatusCode.Forbidden : HttpStatusCode.InternalServerError));
                Assert.That(http.Body, Is.EqualTo($"Failed to {nut} unknown on device {path.Split('/')[3]}"));
            }
        }
    }

    [TestCase("ups.id", "toolong123", "ERR TOO-LONG")]
    [TestCase("ups.beeper.status", "loud", "ERR INVALID-VALUE")]
    [TestCase("battery.charge.low", "60", "ERR INVALID-VALUE")]
    [TestCase("battery.charge", "50", "ERR READONLY")]
    [TestCase("no.such.variable", "1", "ERR VAR-NOT-SUPPORTED")]
    [TestCase("ups.badaux", "x", "ERR SET-FAILED")]
    public async Task A_value_upsd_refuses_is_refused_with_upsds_error(string variable, string value, string error)
    {
        Assert.That(AskNut("admin", $"SET VAR fake {variable} {value}"), Is.EqualTo(error), "upsd's answer over NUT");
        var http = await PostAsync($"api/v1/devices/fake/var/{variable}", "admin", body: value);
        Assert.That((http.Status, http.Result, http.Body), Is.EqualTo((HttpStatusCode.InternalServerError, error, $"Failed to {error} unknown on device fake")));
    }

    [Test]
    public async Task A_set_is_reported_once_the_driver_confirms_it_and_the_new_value_reads_back()
    {
        var http = await PostAsync("api/v1/devices/FAKE/var/UPS.ID", "limited", body: "rack7");
        Assert.That((http.Status, http.Body), Is.EqualTo((HttpStatusCode.OK, "Variable UPS.ID on device FAKE saved successfully")));
        Assert.That(http.TrackingId, Is.Not.Null);
        Assert.That(_sandbox.FakeDriver!.ReceivedLines, Has.Some.EqualTo($"SET UPS.ID \"rack7\" TRACKING {http.TrackingId}"));
        bool readBack = await Wait.ForAsync(async () => await _sandbox.Client.GetStringAsync("api/v1/devices/fake/var/ups.id") == "\"rack7\"");
        Assert.That(readBack, Is.True, "GET var shows the value the driver set");
    }

    [TestCase("load.off", HttpStatusCode.OK, "OK")]
    [TestCase("cmd.failed", HttpStatusCode.InternalServerError, "ERR FAILED")]
    [TestCase("cmd.invalid", HttpStatusCode.InternalServerError, "ERR INVALID-ARGUMENT")]
    [TestCase("cmd.unknown", HttpStatusCode.InternalServerError, "ERR UNKNOWN")]
    [TestCase("no.such.command", HttpStatusCode.InternalServerError, "ERR CMD-NOT-SUPPORTED")]
    public async Task An_instant_command_reports_the_drivers_tracking_result(string command, HttpStatusCode status, string result)
    {
        var http = await PostAsync($"api/v1/devices/fake/command/{command}", "admin");
        Assert.That((http.Status, http.Result), Is.EqualTo((status, result)));
        Assert.That(http.Body, Is.EqualTo(status == HttpStatusCode.OK
            ? $"Command {command} on device fake run successfully"
            : $"Failed to {result} unknown on device fake"));
        Assert.That(http.TrackingId is not null, Is.EqualTo(result != "ERR CMD-NOT-SUPPORTED"), "a tracking id once the driver has the command");
    }

    [Test]
    public async Task A_body_is_the_instant_commands_parameter()
    {
        var http = await PostAsync("api/v1/devices/fake/command/test.battery.start", "limited", body: "60");
        Assert.That(http.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_sandbox.FakeDriver!.ReceivedLines, Has.Some.EqualTo($"INSTCMD test.battery.start 60 TRACKING {http.TrackingId}"));
    }

    [Test]
    public async Task Fsd_sets_the_latch_that_upsmon_and_the_api_then_see()
    {
        var http = await PostAsync("api/v1/devices/dummy1/fsd", "admin");
        Assert.That((http.Status, http.Body, http.Result), Is.EqualTo((HttpStatusCode.OK, "FSD set on device dummy1", "OK FSD-SET")));
        using var nut = _sandbox.Host.Connect();
        Assert.That(PeanutOracle.Words(nut.Ask("GET VAR dummy1 ups.status")!)[3], Does.StartWith("FSD "));
        Assert.That(await _sandbox.Client.GetStringAsync("api/v1/devices/dummy1/var/ups.status"), Does.StartWith("\"FSD "));
    }

    [Test]
    public async Task An_unknown_device_is_peanuts_404_after_the_login()
    {
        var http = await PostAsync("api/v1/devices/nosuchups/var/ups.id", "admin", body: "x");
        Assert.That((http.Status, http.Body), Is.EqualTo((HttpStatusCode.NotFound, "{\"error\":\"Device not found\"}")));
    }
}
