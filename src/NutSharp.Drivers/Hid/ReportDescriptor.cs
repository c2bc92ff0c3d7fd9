using System.Globalization;
using System.Text;

namespace NutSharp.Drivers.Hid;

/// <summary>What a parsed report descriptor declares: every named field in descriptor order and the length of every report.</summary>
public sealed class ReportDescriptor
{
    private readonly Dictionary<string, List<HidField>> _byPath = new(StringComparer.Ordinal);

    public ReportDescriptor(IReadOnlyList<HidField> fields, IReadOnlyDictionary<(HidReportType Type, byte Id), int> reportLengths, bool numbered)
    {
        Fields = fields;
        HasNumberedReports = numbered;
        ReportLengths = reportLengths;
        foreach (var field in fields)
        {
            if (!_byPath.TryGetValue(field.Path, out var list)) _byPath[field.Path] = list = [];
            list.Add(field);
        }
    }

    /// <summary>True when the descriptor declares report IDs: every report then starts with its ID byte.</summary>
    public bool HasNumberedReports { get; }

    /// <summary>Named fields in descriptor order (padding left out).</summary>
    public IReadOnlyList<HidField> Fields { get; }

    /// <summary>Report lengths in bytes, the report-ID byte included when reports are numbered.</summary>
    public IReadOnlyDictionary<(HidReportType Type, byte Id), int> ReportLengths { get; }

    /// <summary>True when the device describes itself as a UPS (Power Device page, usage UPS, as the outermost collection).</summary>
    public bool IsUps => Fields.Any(f => f.Path.StartsWith("UPS.", StringComparison.Ordinal));

    /// <summary>The first field of that path and report type; null when the descriptor has none.</summary>
    public HidField? Find(string path, HidReportType type = HidReportType.Feature) =>
        _byPath.TryGetValue(path, out var list) ? list.FirstOrDefault(f => f.Type == type) : null;

    public int LengthOf(HidReportType type, byte id) => ReportLengths.TryGetValue((type, id), out int length) ? length : 0;

    /// <summary>The field table in the fixtures' <c>.parsed.txt</c> format (without the comment lines).</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var field in Fields) text.Append(field.Describe()).Append('\n');
        text.Append("report sizes (bytes incl. id): ");
        text.AppendJoin(", ", ReportLengths.OrderBy(r => r.Key.Type.ToString(), StringComparer.Ordinal).ThenBy(r => r.Key.Id)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key.Type} 0x{r.Key.Id:x2}={r.Value}")));
        text.Append('\n');
        return text.ToString();
    }
}
