using System.Globalization;
using System.Text.Json;

namespace NutSharp.Drivers.Hid;

/// <summary>
/// Names of the usages of pages 0x84 (Power Device) and 0x85 (Battery System), as NUT writes them
/// in paths; read from UsageNames.json (the same table the fixtures' field tables were made with).
/// A usage without a name is written as 8 hex digits, page then id (<c>ffff0092</c>), as NUT does.
/// </summary>
public static class UsageNames
{
    private static readonly Lazy<Dictionary<uint, string>> Table = new(Load);

    public static string Name(uint usage) =>
        Table.Value.TryGetValue(usage, out var name) ? name : usage.ToString("x8", CultureInfo.InvariantCulture);

    private static Dictionary<uint, string> Load()
    {
        using var stream = typeof(UsageNames).Assembly.GetManifestResourceStream("NutSharp.Drivers.Hid.UsageNames.json")
            ?? throw new InvalidOperationException("the usage-name table is not embedded in NutSharp.Drivers");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var reader = new Utf8JsonReader(memory.ToArray());
        var table = new Dictionary<uint, string>();
        string? key = null;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName) key = reader.GetString();
            else if (reader.TokenType == JsonTokenType.String && key is not null)
                table[uint.Parse(key, NumberStyles.HexNumber, CultureInfo.InvariantCulture)] = reader.GetString()!;
        }
        return table;
    }
}
