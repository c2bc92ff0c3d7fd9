using System.Text.Json.Serialization;

namespace NutSharp.Drivers.Hid;

/// <summary>The recording file as JSON (strings only, so the file stays readable and diffable).</summary>
internal sealed class RecordingDocument
{
    [JsonPropertyName("vendor_id")]
    public string? VendorId { get; set; }

    [JsonPropertyName("product_id")]
    public string? ProductId { get; set; }

    [JsonPropertyName("serial")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Serial { get; set; }

    [JsonPropertyName("manufacturer")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Manufacturer { get; set; }

    [JsonPropertyName("product")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Product { get; set; }

    [JsonPropertyName("descriptor")]
    public string? Descriptor { get; set; }

    [JsonPropertyName("feature")]
    public Dictionary<string, string>? Feature { get; set; }

    [JsonPropertyName("input")]
    public Dictionary<string, string>? Input { get; set; }
}

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(RecordingDocument))]
internal sealed partial class RecordingJsonContext : JsonSerializerContext;
