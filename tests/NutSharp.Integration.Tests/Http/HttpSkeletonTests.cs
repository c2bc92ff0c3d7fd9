using System.Net;
using System.Text.Json;

namespace NutSharp.Integration.Tests.Http;

/// <summary>The HTTP front-end comes up beside the NUT server when nutsharp.toml asks for it, and serves the store's devices.</summary>
[TestFixture]
[NonParallelizable]
public sealed class HttpSkeletonTests
{
    [Test]
    public async Task The_ping_route_answers_pong_as_peanut_does()
    {
        using var sandbox = new HttpSandbox();
        await sandbox.StartAsync();
        using var response = await sandbox.Client.GetAsync("api/ping");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("\"pong\""));
    }

    [Test]
    public async Task The_device_list_holds_every_ups_conf_device_with_its_variables()
    {
        using var sandbox = new HttpSandbox();
        await sandbox.StartAsync();
        using var document = JsonDocument.Parse(await sandbox.Client.GetStringAsync("api/v1/devices"));
        var devices = document.RootElement.EnumerateArray().ToList();
        Assert.That(devices.Select(d => d.GetProperty("ups.model").GetString()), Is.EqualTo(new[] { "One", "Two" }));
        Assert.That(devices[1].GetProperty("battery.charge").GetDouble(), Is.EqualTo(4));
    }
}
