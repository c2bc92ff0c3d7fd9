using System.Net;
using System.Text.Json;
using NutSharp.Devices;
using NutSharp.Tests.Devices;

namespace NutSharp.Tests.StatusPage;

/// <summary>/status.json over real HTTP: serial-teleinfo's route, its Basic login, one meter or several.</summary>
[NonParallelizable]
public class TeleinfoStatusRouteTests
{
    private static void Meter(DeviceStore store, string name, string papp)
    {
        var device = store.Add(name, null);
        device.Publish(u =>
        {
            u.LinkUp(showWait: false);
            u.SetInfo("driver.name", "teleinfo");
            u.SetInfo("device.type", "meter");
            u.SetInfo("ups.status", "OL");
            u.SetInfo("experimental.teleinfo.papp", papp);
            u.SetInfo("experimental.teleinfo.ptec", "HP..");
            u.DumpDone();
        });
    }

    private static void Ups(DeviceStore store)
    {
        var device = store.Add("ups", null);
        device.Publish(u => { u.LinkUp(showWait: false); u.SetInfo("driver.name", "dummy-ups"); u.SetInfo("ups.status", "OL"); u.DumpDone(); });
    }

    [Test]
    public async Task Status_json_answers_only_a_login_of_upsd_users()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        Ups(store);
        Meter(store, "linky", "00340");
        await using var http = await InProcessHttp.StartAsync(store);

        using (var none = await http.GetAsync("/status.json"))
        {
            Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(none.Headers.WwwAuthenticate.Single().Scheme, Is.EqualTo("Basic"));
        }
        using (var wrong = await http.GetAsync("/status.json", "watcher", "nope"))
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        using var right = await http.GetAsync("/status.json", "watcher", "watchpass");
        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(right.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        using var json = JsonDocument.Parse(await right.Content.ReadAsStringAsync());
        Assert.That(json.RootElement.GetProperty("connected").GetBoolean(), Is.True);
        Assert.That(json.RootElement.GetProperty("values").GetProperty("PAPP").GetRawText(), Is.EqualTo("[340,\"VA\"]"));
        Assert.That(json.RootElement.GetProperty("values").GetProperty("PTEC").GetRawText(), Is.EqualTo("[\"HP\",null]"));
    }

    [Test]
    public async Task With_several_meters_the_ups_parameter_picks_one()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        Meter(store, "house", "00340");
        Meter(store, "garage", "01200");
        Ups(store);
        await using var http = await InProcessHttp.StartAsync(store);

        using (var unnamed = await http.GetAsync("/status.json", "admin", "adminpass"))
        {
            Assert.That(unnamed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await unnamed.Content.ReadAsStringAsync(), Does.Contain("house, garage"));
        }
        using (var garage = await http.GetAsync("/status.json?ups=GARAGE", "admin", "adminpass"))
        {
            using var json = JsonDocument.Parse(await garage.Content.ReadAsStringAsync());
            Assert.That(json.RootElement.GetProperty("values").GetProperty("PAPP")[0].GetInt32(), Is.EqualTo(1200));
        }
        using var notMeter = await http.GetAsync("/status.json?ups=ups", "admin", "adminpass");
        Assert.That(notMeter.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
