using System.Text.Json;
using System.Text.Json.Serialization;
using NutSharp.Devices;
using NutSharp.Protocol;

namespace NutSharp.Http;

/// <summary>
/// A device's variables as PeaNUT answers them: one flat JSON object, names sorted as PeaNUT sorts
/// them (<see cref="PeanutKeyOrder"/>), NUMBER variables as JSON numbers (<see cref="JsNumber"/>)
/// and the rest as strings, <c>ups.status</c> with upsd's <c>FSD </c> prefix once FSD is set (as
/// LIST VAR shows it); optionally PeaNUT's <c>peanut.*</c> metadata at the end. A device upsd would
/// answer DRIVER-NOT-CONNECTED or DATA-STALE for is PeaNUT's unreachable device:
/// <c>{"ups.device_name": NAME, "ups.status": "Device Unreachable"}</c>. Written straight from the
/// snapshot by its converter.
/// </summary>
[JsonConverter(typeof(VariableObjectConverter))]
public sealed class VariableObject(Device device, IReadOnlyList<KeyValuePair<string, string>>? extra = null)
{
    /// <summary>PeaNUT's upsStatus.DEVICE_UNREACHABLE.</summary>
    public const string DeviceUnreachable = "Device Unreachable";

    public Device Device { get; } = device;

    /// <summary>The snapshot written: taken once, so the whole object is one state of the device.</summary>
    public DeviceSnapshot Snapshot { get; } = device.Current;

    /// <summary>String members written after the variables (PeaNUT's <c>?meta=true</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extra { get; } = extra ?? [];
}

internal sealed class VariableObjectConverter : JsonConverter<VariableObject>
{
    public override VariableObject Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("variable objects are only written");

    public override void Write(Utf8JsonWriter writer, VariableObject value, JsonSerializerOptions options)
    {
        var snapshot = value.Snapshot;
        writer.WriteStartObject();
        if (value.Device.Availability(snapshot) != Availability.Available)
        {
            writer.WriteString("ups.device_name", value.Device.Name);
            writer.WriteString("ups.status", VariableObject.DeviceUnreachable);
        }
        else
        {
            foreach (var variable in PeanutKeyOrder.Sorted(snapshot.Variables))
            {
                writer.WritePropertyName(variable.Name);
                WriteValue(writer, snapshot, variable);
            }
        }
        foreach (var (name, text) in value.Extra) writer.WriteString(name, text);
        writer.WriteEndObject();
    }

    /// <summary>PeaNUT's rule: a NUMBER variable (GET TYPE) whose value JavaScript reads as a number is a number.</summary>
    public static void WriteValue(Utf8JsonWriter writer, DeviceSnapshot snapshot, DeviceVariable variable)
    {
        if (!variable.IsString && JsNumber.ToJson(variable.Value) is { } number) writer.WriteRawValue(number, skipInputValidation: true);
        else writer.WriteStringValue(ValueAsListed(snapshot, variable));
    }

    /// <summary>The value as LIST VAR and GET VAR give it: <c>ups.status</c> gets upsd's "FSD " prefix while the FSD latch is set.</summary>
    public static string ValueAsListed(DeviceSnapshot snapshot, DeviceVariable variable) =>
        snapshot.Fsd && NameComparer.Instance.Equals(variable.Name, "ups.status") ? "FSD " + variable.Value : variable.Value;
}
