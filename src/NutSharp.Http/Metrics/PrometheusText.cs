using System.Globalization;
using System.Text;

namespace NutSharp.Http.Metrics;

/// <summary>
/// Prometheus's text exposition format (version 0.0.4): metric families in the order first added,
/// each with its HELP and TYPE lines and all its samples together (the format requires a family's
/// lines to be contiguous, so samples from several devices are grouped by name here).
/// </summary>
public sealed class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly Dictionary<string, Family> _families = new(StringComparer.Ordinal);
    private readonly List<Family> _order = [];

    private sealed class Family(string name, string help, string type)
    {
        public string Name { get; } = name;
        public string Help { get; } = help;
        public string Type { get; } = type;
        public StringBuilder Samples { get; } = new();
    }

    /// <summary>Adds one sample; the first sample of a name fixes its HELP and TYPE.</summary>
    public void Add(string name, string help, string type, double value, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        if (!_families.TryGetValue(name, out var family))
        {
            family = new Family(name, help, type);
            _families.Add(name, family);
            _order.Add(family);
        }
        var line = family.Samples.Append(name);
        if (labels.Length > 0)
        {
            line.Append('{');
            for (int i = 0; i < labels.Length; i++)
            {
                if (i > 0) line.Append(',');
                line.Append(labels[i].Name).Append("=\"");
                AppendEscaped(line, labels[i].Value, escapeQuotes: true);
                line.Append('"');
            }
            line.Append('}');
        }
        line.Append(' ').Append(Format(value)).Append('\n');
    }

    public bool Contains(string name) => _families.ContainsKey(name);

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var family in _order)
        {
            text.Append("# HELP ").Append(family.Name).Append(' ');
            AppendEscaped(text, family.Help, escapeQuotes: false);
            text.Append('\n');
            text.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Type).Append('\n');
            text.Append(family.Samples);
        }
        return text.ToString();
    }

    /// <summary>A metric name from NUT's variable name, as nut_exporter builds it ('.' and '-' become '_'), with anything else the format forbids made '_' too.</summary>
    public static string MetricName(string prefix, string variable)
    {
        var name = new StringBuilder(prefix.Length + variable.Length + 1).Append(prefix).Append('_');
        foreach (char c in variable)
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_');
        return name.ToString();
    }

    /// <summary>Go's strconv.FormatFloat(v, 'g', -1, 64) as the Prometheus client writes values; NaN and infinities in the format's spelling.</summary>
    public static string Format(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>HELP text escapes backslash and line feed; label values also the double quote.</summary>
    private static void AppendEscaped(StringBuilder text, string value, bool escapeQuotes)
    {
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '"' when escapeQuotes: text.Append("\\\""); break;
                default: text.Append(c); break;
            }
        }
    }
}
