using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NutSharp.Drivers.Teleinfo;

namespace NutSharp.Tests.Teleinfo;

public class TeleinfoJsonTests
{
    private static TeleinfoReadings Read(string fixture)
    {
        var readings = new TeleinfoReadings(new FakeTimeProvider());
        var handler = new TeleinfoFixtures.RecordingHandler();
        new TeleinfoParser(TeleinfoFixtures.Mode(fixture)).Parse(new(TeleinfoFixtures.Bytes(fixture)), handler);
        foreach (var frame in handler.Frames) readings.Apply(frame);
        return readings;
    }

    [Test]
    public void Historic_readings_have_serial_teleinfos_shape()
    {
        string json = TeleinfoJson.Format(Read("historic_base_mono"), connected: true, ready: true, mask: false);
        Assert.That(json, Is.EqualTo("""
            {"connected":true,"ready":true,"values":{"ADCO":["021861000042",null],"OPTARIF":["BASE",null],"ISOUSC":[30,"A"],"BASE":[12345678,"Wh"],"PTEC":["TH",null],"IINST":[7,"A"],"IMAX":[90,"A"],"PAPP":[1650,"VA"],"HHPHC":["A",null],"MOTDETAT":["000000",null]}}
            """));
    }

    [Test]
    public void Standard_readings_keep_their_text_and_give_units_to_numbers()
    {
        using var json = JsonDocument.Parse(TeleinfoJson.Format(Read("standard_mono"), connected: true, ready: true, mask: true));
        var values = json.RootElement.GetProperty("values");
        Assert.Multiple(() =>
        {
            Assert.That(values.GetProperty("URMS1")[0].GetInt64(), Is.EqualTo(231));
            Assert.That(values.GetProperty("URMS1")[1].GetString(), Is.EqualTo("V"));
            Assert.That(values.GetProperty("PREF")[1].GetString(), Is.EqualTo("kVA"));
            Assert.That(values.GetProperty("MSG1")[0].GetString(), Is.EqualTo("PAS DE          MESSAGE         "));
            Assert.That(values.GetProperty("MSG1")[1].ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(values.GetProperty("DATE")[0].GetString(), Is.EqualTo("H250115143000"), "DATE's value is empty: its horodate is shown");
            Assert.That(values.GetProperty("ADSC")[0].GetString(), Is.EqualTo("041975******"));
            Assert.That(values.GetProperty("PRM")[0].GetString(), Is.EqualTo("**************"));
            Assert.That(values.TryGetProperty("NJOURF+1", out _), Is.True);
        });
    }
}
