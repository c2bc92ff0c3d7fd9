using System.Net;
using System.Runtime.Versioning;
using System.Text.Json;
using NutSharp.Integration.Tests.Http;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Teleinfo;

/// <summary>
/// serial-teleinfo's <c>/status.json</c> end to end: a meter on a pseudo-terminal, read by the native
/// server's built-in teleinfo driver, served by its HTTP front-end in that tool's shape and behind
/// its Basic login, as a script written for serial-teleinfo reads it.
/// </summary>
[SupportedOSPlatform("linux")]
[NonParallelizable]
public sealed class TeleinfoStatusJsonTests
{
    [Test]
    public async Task A_meter_read_from_its_serial_port_is_served_at_status_json_in_serial_teleinfos_shape()
    {
        using var line = new TeleinfoLine();
        line.StartSending(File.ReadAllBytes(Path.Combine(TestPaths.RepositoryRoot, "tests", "fixtures", "teleinfo", "historic_base_mono.bin")), 1200);
        using var sandbox = new HttpSandbox { Devices = ["meter"] };
        string link = Path.Combine(sandbox.Host.Root, "ttyTIC");
        File.CreateSymbolicLink(link, line.DevicePath);
        sandbox.Host.Write("ups.conf", $"[meter]\n\tdriver = teleinfo\n\tport = {link}\n\tmode = historic\n");
        await sandbox.StartAsync();

        using (var anonymous = await sandbox.Client.GetAsync("status.json"))
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "serial-teleinfo's users log in");

        using var request = new HttpRequestMessage(HttpMethod.Get, "status.json");
        request.Headers.Authorization = HttpSandbox.Basic("watcher", "watchpass");
        using var response = await sandbox.Client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        var values = root.GetProperty("values");
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("connected").GetBoolean(), Is.True);
            Assert.That(values.GetProperty("ISOUSC").GetRawText(), Is.EqualTo("[30,\"A\"]"));
            Assert.That(values.GetProperty("BASE").GetRawText(), Is.EqualTo("[12345678,\"Wh\"]"));
            Assert.That(values.GetProperty("PTEC").GetRawText(), Is.EqualTo("[\"TH\",null]"), "padding dots stripped, as serial-teleinfo does");
            Assert.That(values.GetProperty("OPTARIF").GetRawText(), Is.EqualTo("[\"BASE\",null]"));
            Assert.That(values.GetProperty("ADCO")[0].GetString(), Does.StartWith("021861").And.Not.EqualTo("021861000042"), "the driver never serves the meter's address in full unless show_identifiers is set");
        });
    }
}
