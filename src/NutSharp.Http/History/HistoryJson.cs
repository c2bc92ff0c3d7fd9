using System.Text.Json;
using NutSharp.Devices;

namespace NutSharp.Http.History;

/// <summary>
/// A device's history as JSON, in columns (what a chart reads):
/// <c>{"ups": "demo", "kind": "ups", "capacity": 17280, "resolution_seconds": 5,
/// "figures": [{"variable": "battery.charge", "label": "Charge", "unit": "%"}, ...],
/// "time": [1764748800000, ...], "values": {"battery.charge": [100, null, ...], ...}}</c>.
/// <c>time</c> is Unix milliseconds; <c>figures</c> are the ones the page charts for this kind of
/// device; <c>values</c> holds every figure kept, null where the device had none (or in a gap,
/// while its data could not be trusted). Written by hand with a <see cref="Utf8JsonWriter"/>: no
/// reflection.
/// </summary>
public static class HistoryJson
{
    public static void Write(Utf8JsonWriter json, DeviceHistory history, DeviceSnapshot snapshot)
    {
        var samples = history.Samples();
        var kind = DeviceKinds.Of(snapshot);
        json.WriteStartObject();
        json.WriteString("ups", history.DeviceName);
        json.WriteString("kind", kind == DeviceKind.Meter ? "meter" : "ups");
        json.WriteNumber("capacity", history.Capacity);
        json.WriteNumber("resolution_seconds", history.Resolution.TotalSeconds);
        json.WriteStartArray("figures");
        foreach (var figure in kind == DeviceKind.Meter ? HistoryFigure.ForMeter : HistoryFigure.ForUps)
        {
            json.WriteStartObject();
            json.WriteString("variable", figure.Variable);
            json.WriteString("label", figure.Label);
            json.WriteString("unit", figure.Unit);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("time");
        foreach (var sample in samples) json.WriteNumberValue(sample.UnixMilliseconds);
        json.WriteEndArray();
        json.WriteStartObject("values");
        for (int f = 0; f < HistoryFigure.Count; f++)
        {
            json.WriteStartArray(HistoryFigure.All[f].Variable);
            foreach (var sample in samples)
            {
                float value = sample[f];
                if (float.IsNaN(value)) json.WriteNullValue();
                else json.WriteNumberValue((double)(decimal)value);
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
