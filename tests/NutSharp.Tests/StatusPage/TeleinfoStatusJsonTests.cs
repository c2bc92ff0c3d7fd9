using System.Buffers;
using System.Text.Json;
using NutSharp.Devices;
using NutSharp.Http.Teleinfo;
using NutSharp.Tests.Devices;

namespace NutSharp.Tests.StatusPage;

/// <summary>/status.json in serial-teleinfo's shape, from a teleinfo device's raw labels.</summary>
public class TeleinfoStatusJsonTests
{
    private static Device Meter(DeviceStore store, Action<DeviceUpdate>? more = null)
    {
        var device = store.Add("linky", null);
        device.Publish(u =>
        {
            u.LinkUp(showWait: false);
            u.SetInfo("driver.name", "teleinfo");
            u.SetInfo("device.type", "meter");
            u.SetInfo("ups.status", "OL");
            u.SetInfo("input.power", "340");
            u.SetInfo("experimental.teleinfo.optarif", "BASE");
            u.SetInfo("experimental.teleinfo.isousc", "30");
            u.SetInfo("experimental.teleinfo.base", "012345678");
            u.SetInfo("experimental.teleinfo.ptec", "TH..");
            u.SetInfo("experimental.teleinfo.iinst", "001");
            u.SetInfo("experimental.teleinfo.papp", "00340");
            u.SetInfo("experimental.teleinfo.motdetat", "000000");
            u.SetInfo("experimental.teleinfo.sinsts", "00450");
            more?.Invoke(u);
            u.DumpDone();
        });
        return device;
    }

    private static JsonElement Json(DeviceSnapshot snapshot)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) TeleinfoStatusJson.Write(writer, snapshot);
        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }

    [Test]
    public void Readings_come_out_as_serial_teleinfo_gives_them()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        var json = Json(Meter(store).Current);
        Assert.That(json.GetProperty("connected").GetBoolean(), Is.True);
        Assert.That(json.GetProperty("ready").GetBoolean(), Is.True);
        var values = json.GetProperty("values");
        Assert.That(values.EnumerateObject().Select(p => p.Name),
            Is.EquivalentTo(new[] { "OPTARIF", "ISOUSC", "BASE", "PTEC", "IINST", "PAPP", "MOTDETAT", "SINSTS" }),
            "only the raw labels, in capitals");
        Assert.That(values.GetProperty("PAPP").GetRawText(), Is.EqualTo("[340,\"VA\"]"));
        Assert.That(values.GetProperty("BASE").GetRawText(), Is.EqualTo("[12345678,\"Wh\"]"), "numbers lose their leading zeros, as int() does");
        Assert.That(values.GetProperty("IINST").GetRawText(), Is.EqualTo("[1,\"A\"]"));
        Assert.That(values.GetProperty("PTEC").GetRawText(), Is.EqualTo("[\"TH\",null]"), "the padding dots go, as serial-teleinfo strips them");
        Assert.That(values.GetProperty("MOTDETAT").GetRawText(), Is.EqualTo("[\"000000\",null]"), "text keeps its zeros");
        Assert.That(values.GetProperty("SINSTS").GetRawText(), Is.EqualTo("[450,\"VA\"]"), "standard-mode labels get their units too");
    }

    [Test]
    public void A_silent_or_lost_meter_is_not_connected()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        var meter = Meter(store);
        meter.Publish(u => u.LinkDown());
        var json = Json(meter.Current);
        Assert.That(json.GetProperty("connected").GetBoolean(), Is.False);
        Assert.That(json.GetProperty("ready").GetBoolean(), Is.False);
        Assert.That(json.GetProperty("values").GetProperty("PAPP")[0].GetInt32(), Is.EqualTo(340), "the last readings stay, as in serial-teleinfo");
    }

    [Test]
    public void Only_devices_of_the_teleinfo_driver_count_as_teleinfo()
    {
        using var store = new DeviceStore(new TrackingRegistry());
        Assert.That(TeleinfoStatusJson.IsTeleinfo(Meter(store).Current), Is.True);
        var ups = store.Add("ups", null);
        ups.Publish(u => { u.LinkUp(showWait: false); u.SetInfo("driver.name", "dummy-ups"); u.DumpDone(); });
        Assert.That(TeleinfoStatusJson.IsTeleinfo(ups.Current), Is.False);
    }
}
