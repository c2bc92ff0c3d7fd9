using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NutSharp.Drivers.Teleinfo;

/// <summary>
/// Readings in serial-teleinfo's JSON shape (its <c>/status.json</c>), which its users' scripts
/// parse: <c>{"connected": true, "ready": true, "values": {"ISOUSC": [30, "A"], "PTEC": ["TH", null], ...}}</c>.
/// A numeric label is a number with its unit, any other label a string with a null unit; OPTARIF,
/// PTEC and DEMAIN lose their padding dots, as there. Labels serial-teleinfo does not know
/// (standard mode, ADIRn) follow the same rules; a horodated group with an empty value (DATE)
/// shows its horodate.
/// </summary>
public static class TeleinfoJson
{
    public static string Format(TeleinfoReadings readings, bool connected, bool ready, bool mask)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteBoolean("connected", connected);
            json.WriteBoolean("ready", ready);
            json.WriteStartObject("values");
            foreach (var (label, raw) in readings.Values)
            {
                string value = raw.Length == 0 && readings.Horodate(label) is { } horodate ? horodate : raw;
                json.WriteStartArray(label);
                string? unit = TeleinfoUnits.Of(label);
                if (unit is not null && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long number))
                {
                    json.WriteNumberValue(number);
                    json.WriteStringValue(unit);
                }
                else
                {
                    if (mask && EnedisMeterCodes.IsIdentifier(label)) value = EnedisMeterCodes.Mask(label, value);
                    else if (TeleinfoUnits.IsPaddedWithDots(label)) value = value.TrimEnd('.');
                    json.WriteStringValue(value);
                    json.WriteNullValue();
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
