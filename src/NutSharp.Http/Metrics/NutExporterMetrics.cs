using System.Globalization;
using NutSharp.Config;
using NutSharp.Devices;

namespace NutSharp.Http.Metrics;

/// <summary>
/// A device's data with the metric names, types and help texts of DRuggeri/nut_exporter
/// (collectors/nut_collector.go), so the Grafana dashboards built for it work unchanged:
/// <list type="bullet">
/// <item><c>network_ups_tools_&lt;variable&gt;</c> (dots and dashes as underscores), a gauge, for
/// every NUMBER variable whose value is a number, help "DESCRIPTION (variable.name)";</item>
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
            if (variable.IsString || !TryParseNumber(variable.Value, out double value)) continue;
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

    /// <summary>A number as NUT drivers write them: decimal, optionally signed, with a fraction or exponent.</summary>
    public static bool TryParseNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
