using System.Text.Json;
using System.Text.Json.Serialization;
using NutSharp.Devices;

namespace NutSharp.Http;

/// <summary>
/// A device's variables as PeaNUT answers them: one flat JSON object, names sorted as PeaNUT sorts
/// them (<see cref="PeanutKeyOrder"/>), NUMBER variables as JSON numbers (<see cref="JsNumber"/>)
/// and the rest as strings; optionally PeaNUT's <c>peanut.*</c> metadata at the end. Written
/// straight from the snapshot by its converter.
/// </summary>
[JsonConverter(typeof(VariableObjectConverter))]
public sealed class VariableObject(DeviceSnapshot snapshot, IReadOnlyList<KeyValuePair<string, string>>? extra = null)
{
    public DeviceSnapshot Snapshot { get; } = snapshot;

    /// <summary>String members written after the variables (PeaNUT's <c>?meta=true</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extra { get; } = extra ?? [];
}

internal sealed class VariableObjectConverter : JsonConverter<VariableObject>
{
    public override VariableObject Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("variable objects are only written");

    public override void Write(Utf8JsonWriter writer, VariableObject value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var variable in PeanutKeyOrder.Sorted(value.Snapshot.Variables))
        {
            writer.WritePropertyName(variable.Name);
            WriteValue(writer, variable);
        }
        foreach (var (name, text) in value.Extra) writer.WriteString(name, text);
        writer.WriteEndObject();
    }

    /// <summary>PeaNUT's rule: a NUMBER variable (GET TYPE) whose value JavaScript reads as a number is a number.</summary>
    public static void WriteValue(Utf8JsonWriter writer, DeviceVariable variable)
    {
        if (!variable.IsString && JsNumber.ToJson(variable.Value) is { } number) writer.WriteRawValue(number, skipInputValidation: true);
        else writer.WriteStringValue(variable.Value);
    }
}
