using System.Globalization;
using System.Text.Json;
using NutSharp.Devices;
using NutSharp.Drivers.Teleinfo;

namespace NutSharp.Http.Teleinfo;

/// <summary>
/// A teleinfo device's readings in serial-teleinfo's <c>/status.json</c> shape, so scripts written
/// for that server only change the host and port:
/// <c>{"connected": true, "ready": true, "values": {"PAPP": [340, "VA"], "PTEC": ["TH", null], ...}}</c>.
/// The values are the driver's raw labels (<c>experimental.teleinfo.&lt;label&gt;</c>), upper-cased
/// as the meter sends them; numeric labels become numbers with their unit (leading zeros gone, as
/// serial-teleinfo's int() does), text labels strings with a null unit. <c>connected</c> and
/// <c>ready</c> are true while the meter's data is current (NUT would serve it): serial-teleinfo
/// sets them after a good line and a whole frame, and clears them when the port fails.
/// </summary>
public static class TeleinfoStatusJson
{
    public const string DriverName = "teleinfo";
    private const string LabelPrefix = "experimental.teleinfo.";

    /// <summary>A device served by the teleinfo driver (its <c>driver.name</c>).</summary>
    public static bool IsTeleinfo(DeviceSnapshot snapshot) =>
        string.Equals(snapshot["driver.name"], DriverName, StringComparison.OrdinalIgnoreCase);

    public static void Write(Utf8JsonWriter json, DeviceSnapshot snapshot)
    {
        bool current = snapshot.Link == LinkState.Online;
        json.WriteStartObject();
        json.WriteBoolean("connected", current);
        json.WriteBoolean("ready", current);
        json.WriteStartObject("values");
        foreach (var variable in snapshot.Variables)
        {
            if (!variable.Name.StartsWith(LabelPrefix, StringComparison.OrdinalIgnoreCase)) continue;
            string label = variable.Name[LabelPrefix.Length..].ToUpperInvariant();
            json.WriteStartArray(label);
            if (TeleinfoUnits.Of(label) is { } unit
                && long.TryParse(variable.Value, NumberStyles.None, CultureInfo.InvariantCulture, out long number))
            {
                json.WriteNumberValue(number);
                json.WriteStringValue(unit);
            }
            else
            {
                json.WriteStringValue(TeleinfoUnits.IsPaddedWithDots(label) ? variable.Value.TrimEnd('.') : variable.Value);
                json.WriteNullValue();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
