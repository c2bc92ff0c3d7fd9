using System.Globalization;
using System.Text.Json;

namespace NutSharp.Drivers.Hid;

/// <summary>
/// A recorded HID device: its IDs and strings, its report descriptor and the last buffer of every
/// feature and input report (byte 0 the report ID). The file is one JSON object:
/// <code>
/// { "vendor_id": "09ae", "product_id": "3016", "descriptor": "05 84 09 04 ...",
///   "feature": { "0x01": "01 78", ... }, "input": { "0x32": "32 46" },
///   "serial": "...", "manufacturer": "...", "product": "..." }
/// </code>
/// Users attach one to a bug report (<c>nutsharp tripplite --dump FILE</c>); the driver and
/// <c>nutsharp tripplite</c> run on one with <c>replay</c>.
/// </summary>
public sealed class HidRecording
{
    public required ushort VendorId { get; init; }

    public required ushort ProductId { get; init; }

    public required byte[] Descriptor { get; init; }

    public SortedDictionary<byte, byte[]> Feature { get; init; } = [];

    public SortedDictionary<byte, byte[]> Input { get; init; } = [];

    public string? Serial { get; init; }

    public string? Manufacturer { get; init; }

    public string? Product { get; init; }

    /// <summary>Reads and checks a recording; a problem is a <see cref="FormatException"/> naming the file and what is wrong.</summary>
    public static HidRecording Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HidDeviceException(e is FileNotFoundException or DirectoryNotFoundException ? HidFailure.Gone : HidFailure.Other,
                $"recording {path}: {e.Message}", e);
        }
        return Parse(text, path);
    }

    public static HidRecording Parse(string json, string path)
    {
        RecordingDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, RecordingJsonContext.Default.RecordingDocument);
        }
        catch (JsonException e)
        {
            throw new FormatException($"recording {path}: not valid JSON ({e.Message})");
        }
        if (document is null) throw new FormatException($"recording {path}: not a JSON object");
        try
        {
            return new HidRecording
            {
                VendorId = ParseId(document.VendorId, "vendor_id"),
                ProductId = ParseId(document.ProductId, "product_id"),
                Descriptor = Hex.Parse(document.Descriptor ?? throw new FormatException("descriptor is missing"), "descriptor"),
                Feature = ParseReports(document.Feature, "feature"),
                Input = ParseReports(document.Input, "input"),
                Serial = document.Serial,
                Manufacturer = document.Manufacturer,
                Product = document.Product,
            };
        }
        catch (FormatException e)
        {
            throw new FormatException($"recording {path}: {e.Message}");
        }
    }

    public string ToJson() => JsonSerializer.Serialize(new RecordingDocument
    {
        VendorId = VendorId.ToString("x4", CultureInfo.InvariantCulture),
        ProductId = ProductId.ToString("x4", CultureInfo.InvariantCulture),
        Descriptor = Hex.Format(Descriptor),
        Feature = Feature.ToDictionary(r => Key(r.Key), r => Hex.Format(r.Value)),
        Input = Input.ToDictionary(r => Key(r.Key), r => Hex.Format(r.Value)),
        Serial = Serial,
        Manufacturer = Manufacturer,
        Product = Product,
    }, RecordingJsonContext.Default.RecordingDocument) + "\n";

    public void Save(string path) => File.WriteAllText(path, ToJson());

    public static string Key(byte id) => "0x" + id.ToString("x2", CultureInfo.InvariantCulture);

    private static ushort ParseId(string? text, string name)
    {
        if (text is null) throw new FormatException($"{name} is missing");
        if (text.Length != 4 || !ushort.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort id))
            throw new FormatException($"{name} \"{text}\" is not 4 hex digits");
        return id;
    }

    private static SortedDictionary<byte, byte[]> ParseReports(Dictionary<string, string>? reports, string name)
    {
        var parsed = new SortedDictionary<byte, byte[]>();
        if (reports is null) return parsed;
        foreach (var (key, value) in reports)
        {
            if (!key.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                || !byte.TryParse(key.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte id))
                throw new FormatException($"{name} report \"{key}\" is not a report id written 0x01");
            var bytes = Hex.Parse(value, $"{name} report {key}");
            if (bytes.Length == 0 || bytes[0] != id)
                throw new FormatException($"{name} report {key} must start with its report id byte ({key[2..]})");
            parsed[id] = bytes;
        }
        return parsed;
    }
}
