using System.Net;
using System.Text.Json.Nodes;
using NutSharp.Tests.Shared;

namespace NutSharp.Integration.Tests.Http;

/// <summary>
/// Every PeaNUT read route of the native server, field by field against what PeaNUT makes of the
/// same server's NUT answers (<see cref="PeanutOracle"/>), on the spec configuration: dummy-ups
/// devices and a scripted NUT driver with RW, ENUM, RANGE and STRING variables.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PeanutApiTests
{
    private HttpSandbox _sandbox = null!;
    private LineClient _nut = null!;
    private PeanutOracle _peanut = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _sandbox = new HttpSandbox();
        _sandbox.UseSpecConfiguration();
        await _sandbox.StartAsync();
        _nut = _sandbox.Host.Connect();
        _peanut = new PeanutOracle(_nut);
    }

    [OneTimeTearDown]
    public void StopServer()
    {
        _nut?.Dispose();
        _sandbox?.Dispose();
    }

    private async Task<PeanutOracle.Answer> GetAsync(string path)
    {
        using var response = await _sandbox.Client.GetAsync(path);
        string body = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType != "application/json")
            Assert.Fail($"{path}: {response.StatusCode} with {response.Content.Headers.ContentType}: {body}");
        return new PeanutOracle.Answer(response.StatusCode, JsonNode.Parse(body));
    }

    private async Task AssertSameAsync(string path, PeanutOracle.Answer expected)
    {
        var actual = await GetAsync(path);
        Assert.That(actual.Status, Is.EqualTo(expected.Status), path);
        Assert.That(JsonNode.DeepEquals(Normalized(actual.Body), Normalized(expected.Body)), Is.True,
            $"{path}\n  PeaNUT:   {expected.Body?.ToJsonString()}\n  NutSharp: {actual.Body?.ToJsonString()}");
    }

    /// <summary>Members in name order (PeaNUT's own order is checked by the unit tests), numbers by value.</summary>
    private static JsonNode? Normalized(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Normalized(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Normalized)]),
        JsonValue v when v.TryGetValue(out double d) => JsonValue.Create(d),
        _ => node?.DeepClone(),
    };

    [Test]
    public async Task Version_and_network_version_are_upsds()
    {
        await AssertSameAsync("api/v1/version", _peanut.Version());
        await AssertSameAsync("api/v1/netversion", _peanut.NetVersion());
    }

    [Test]
    public async Task The_device_list_gives_every_device_as_peanut_does_with_numbers_by_type()
    {
        await AssertSameAsync("api/v1/devices", _peanut.Devices());
        // The scripted driver's battery.charge is a NUMBER by default (no flags): a JSON number; ups.id is a STRING.
        var fake = (await GetAsync("api/v1/devices/fake")).Body!.AsObject();
        Assert.That(fake["battery.charge"]!.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.Number));
        Assert.That(fake["ups.id"]!.GetValue<string>(), Is.EqualTo("fake1"));
        Assert.That(fake["ups.mfr"]!.GetValue<string>(), Is.EqualTo("Fake \"Corp\" \\ #1"), "NUT's value, escapes decoded");
    }

    [TestCase("dummy1")]
    [TestCase("dummy2")]
    [TestCase("fake")]
    [TestCase("FAKE")]
    [TestCase("nosuchups")]
    public async Task Every_device_route_answers_what_peanut_answers(string device)
    {
        await AssertSameAsync($"api/v1/devices/{device}", _peanut.Device(device));
        await AssertSameAsync($"api/v1/devices/{device}/vars", _peanut.Device(device));
        await AssertSameAsync($"api/v1/devices/{device}/description", _peanut.Description(device));
        await AssertSameAsync($"api/v1/devices/{device}/clients", _peanut.Clients(device));
        await AssertSameAsync($"api/v1/devices/{device}/commands", _peanut.Commands(device));
        await AssertSameAsync($"api/v1/devices/{device}/rwvars", _peanut.ReadWriteVariables(device));
        foreach (var command in new[] { "load.off", "test.battery.start", "no.such.command" })
            await AssertSameAsync($"api/v1/devices/{device}/command/{command}/description", _peanut.CommandDescription(device, command));
    }

    [TestCase("dummy1")]
    [TestCase("fake")]
    [TestCase("Fake")]
    public async Task Every_variable_route_answers_what_peanut_answers_for_every_variable(string device)
    {
        var names = _peanut.Data(device.ToLowerInvariant()).Select(p => p.Key).Append("no.such.variable").Append("BATTERY.CHARGE").ToList();
        foreach (var name in names)
        {
            await AssertSameAsync($"api/v1/devices/{device}/var/{name}", _peanut.Variable(device, name));
            await AssertSameAsync($"api/v1/devices/{device}/var/{name}/type", _peanut.Type(device, name));
            await AssertSameAsync($"api/v1/devices/{device}/var/{name}/description", _peanut.VariableDescription(device, name));
            await AssertSameAsync($"api/v1/devices/{device}/var/{name}/enum", _peanut.Enum(device, name));
            await AssertSameAsync($"api/v1/devices/{device}/var/{name}/range", _peanut.Range(device, name));
        }
    }

    [Test]
    public async Task Enum_range_and_type_carry_what_the_driver_declared()
    {
        Assert.That((await GetAsync("api/v1/devices/fake/var/ups.beeper.status/enum")).Body!.ToJsonString(), Is.EqualTo("[\"enabled\",\"disabled\",\"say \\u0022hi\\u0022\"]"));
        Assert.That((await GetAsync("api/v1/devices/fake/var/input.transfer.high/range")).Body!.ToJsonString(), Is.EqualTo("[\"120 130\",\"135 140\"]"));
        Assert.That((await GetAsync("api/v1/devices/fake/var/output.voltage.nominal/type")).Body!.GetValue<string>(), Is.EqualTo("RW ENUM RANGE NUMBER"));
        Assert.That((await GetAsync("api/v1/devices/fake/var/ups.id/type")).Body!.GetValue<string>(), Is.EqualTo("RW STRING:8"));
    }

    [Test]
    public async Task Meta_adds_peanuts_device_id_and_server()
    {
        string server = $"127.0.0.1:{_sandbox.HttpPort}";
        var one = (await GetAsync("api/v1/devices/fake?meta=true")).Body!.AsObject();
        Assert.That((one["peanut.device_id"]!.GetValue<string>(), one["peanut.server"]!.GetValue<string>()), Is.EqualTo(($"{server}/fake", server)));
        var all = (await GetAsync("api/v1/devices?meta=true")).Body!.AsArray();
        Assert.That(all.Select(d => d!["peanut.device_id"]!.GetValue<string>()), Is.EqualTo(new[] { "dummy1", "dummy2", "fake" }));
    }

    [Test]
    public async Task Ping_answers_pong()
    {
        var ping = await GetAsync("api/ping");
        Assert.That((ping.Status, ping.Body!.GetValue<string>()), Is.EqualTo((HttpStatusCode.OK, "pong")));
    }
}
