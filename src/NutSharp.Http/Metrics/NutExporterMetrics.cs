using System.Globalization;
using NutSharp.Config;
using NutSharp.Devices;

namespace NutSharp.Http.Metrics;

/// <summary>
/// A device's data with the metric names, types and help texts of DRuggeri/nut_exporter
/// (collectors/nut_collector.go), so the Grafana dashboards built for it work unchanged:
/// <list type="bullet">
/// <item><c>network_ups_tools_&lt;variable&gt;</c> (dots and dashes as underscores), a gauge, for
/// every variable whose value nut_exporter reads as a number (<see cref="ExportedValue"/>), help
/// "DESCRIPTION (variable.name)";</item>
/// <item><c>network_ups_tools_ups_status{flag="OL"}</c>: 1 for each word of ups.status (with
/// upsd's FSD prefix when the latch is set), 0 for the flags of nut_exporter's default
/// <c>--nut.statuses</c> that are not set;</item>
/// <item><c>network_ups_tools_device_info{model,mfr,serial,type,description,contact,location,part,macaddr}</c>
/// 1, labels from the device.* variables ("" when absent).</item>
/// </list>
/// nut_exporter scrapes one UPS per request and adds no <c>ups</c> label (the scrape
/// configuration does); <see cref="Write"/> adds one when asked (/metrics, several devices).
/// A device upsd would answer DRIVER-NOT-CONNECTED or DATA-STALE for has no such metrics (nut_exporter's
/// scrape fails on it); NutSharp's own link-state metrics say why.
/// </summary>
public static class NutExporterMetrics
{
    public const string Namespace = "network_ups_tools";

    /// <summary>nut_exporter's device_info labels, in its order.</summary>
    public static readonly string[] DeviceLabels = ["model", "mfr", "serial", "type", "description", "contact", "location", "part", "macaddr"];

    /// <summary>nut_exporter's default <c>--nut.statuses</c>: always reported, 0 when not set.</summary>
    public static readonly string[] DefaultStatuses = ["OL", "OB", "LB", "HB", "RB", "CHRG", "DISCHRG", "BYPASS", "CAL", "OFF", "OVER", "TRIM", "BOOST", "FSD", "SD"];

    /// <param name="upsLabel">Add <c>ups="NAME"</c> to every sample.</param>
    /// <param name="variables">Only these variables (nut_exporter's <c>variables</c>); null for every one.</param>
    /// <param name="statuses">The flags always reported (nut_exporter's <c>statuses</c>).</param>
    public static void Write(PrometheusText output, Device device, DeviceSnapshot snapshot, CmdVarTab descriptions, bool upsLabel,
        IReadOnlyCollection<string>? variables = null, IReadOnlyList<string>? statuses = null)
    {
        if (device.Availability(snapshot) != Availability.Available) return;
        var info = new string[DeviceLabels.Length];
        Array.Fill(info, "");
        foreach (var variable in snapshot.Variables)
        {
            string name = variable.Name;
            if (name.StartsWith("device.", StringComparison.Ordinal))
            {
                int label = Array.IndexOf(DeviceLabels, name[7..]);
                if (label >= 0) info[label] = variable.Value;
            }
            if (variables is not null && !variables.Contains(name)) continue;
            string help = $"{descriptions.VarDescription(name) ?? "Description unavailable"} ({name})";
            if (name == "ups.status")
            {
                WriteStatus(output, device, snapshot, variable, help, upsLabel, statuses ?? DefaultStatuses);
                continue;
            }
            if (ExportedValue(variable.Value) is not double value) continue;
            string metric = PrometheusText.MetricName(Namespace, name);
            if (upsLabel) output.Add(metric, help, "gauge", value, ("ups", device.Name));
            else output.Add(metric, help, "gauge", value);
        }

        var labels = new (string, string)[DeviceLabels.Length + (upsLabel ? 1 : 0)];
        for (int i = 0; i < DeviceLabels.Length; i++) labels[i] = (DeviceLabels[i], info[i]);
        if (upsLabel) labels[^1] = ("ups", device.Name);
        output.Add(Namespace + "_device_info", "UPS Device information", "gauge", 1, labels);
    }

    private static void WriteStatus(PrometheusText output, Device device, DeviceSnapshot snapshot, DeviceVariable status, string help, bool upsLabel, IReadOnlyList<string> always)
    {
        const string Metric = Namespace + "_ups_status";
        string value = snapshot.Fsd ? "FSD " + status.Value : status.Value;
        // nut_exporter splits on single spaces and reports every word it finds, each once.
        var set = new List<string>();
        foreach (var flag in value.Split(' '))
            if (!set.Contains(flag)) set.Add(flag);
        foreach (var flag in set) Sample(flag, 1);
        foreach (var flag in always)
            if (!set.Contains(flag)) Sample(flag, 0);

        void Sample(string flag, double v)
        {
            if (upsLabel) output.Add(Metric, help, "gauge", v, ("flag", flag), ("ups", device.Name));
            else output.Add(Metric, help, "gauge", v, ("flag", flag));
        }
    }

    /// <summary>
    /// The value nut_exporter exports for a variable, or null when it exports none. Its NUT library
    /// (robbiet480/go.nut, GetVariables) decides by the value's shape, not by GET TYPE: the value,
    /// trimmed of spaces, matching <c>^-?[0-9.]+$</c> becomes a float with exactly one dot and an
    /// integer with none (more dots: it stays a string); "enabled" and "disabled" become true and
    /// false. nut_exporter then writes numbers as they are, booleans as 1 and 0, and strings
    /// matching its default --nut.on_regex / --nut.off_regex as 1 and 0; other strings are skipped.
    /// </summary>
    public static double? ExportedValue(string raw)
    {
        string value = raw.Trim(' ');
        if (value == "enabled") return 1;
        if (value == "disabled") return 0;
        if (value.Length > 0 && value.AsSpan(value[0] == '-' ? 1 : 0) is { Length: > 0 } digits && !digits.ContainsAnyExcept("0123456789."))
        {
            int dots = digits.Count('.');
            // Go's ParseFloat takes "5." and ".5" but not "."; ParseInt takes only what fits in 64 bits.
            if (dots == 1 && digits.Length > 1) return double.Parse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            if (dots == 0 && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer)) return integer;
        }
        if (OnValues.Contains(value, StringComparer.OrdinalIgnoreCase)) return 1;
        if (OffValues.Contains(value, StringComparer.OrdinalIgnoreCase)) return 0;
        return null;
    }

    /// <summary>nut_exporter's default --nut.on_regex, <c>(?i)^(enable|enabled|on|true|active|activated)$</c>.</summary>
    private static readonly string[] OnValues = ["enable", "enabled", "on", "true", "active", "activated"];

    /// <summary>nut_exporter's default --nut.off_regex, <c>(?i)^(disable|disabled|off|false|inactive|deactivated)$</c>.</summary>
    private static readonly string[] OffValues = ["disable", "disabled", "off", "false", "inactive", "deactivated"];
}
