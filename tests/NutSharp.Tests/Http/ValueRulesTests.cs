using NutSharp.Http;
using NutSharp.Http.Metrics;

namespace NutSharp.Tests.Http;

/// <summary>The small rules that make the HTTP answers read as PeaNUT's and nut_exporter's.</summary>
public class ValueRulesTests
{
    // JavaScript: JSON.stringify(+value), or NaN (null here) when PeaNUT keeps the string.
    [TestCase("230.0", "230")]
    [TestCase("0.50", "0.5")]
    [TestCase(" 12 ", "12")]
    [TestCase("", "0")]
    [TestCase("-3", "-3")]
    [TestCase("1e3", "1000")]
    [TestCase("1e21", "1e+21")]
    [TestCase("0.0000001", "1e-7")]
    [TestCase("0.000001", "0.000001")]
    [TestCase("123456789012345680000", "123456789012345680000")]
    [TestCase("0x1F", "31")]
    [TestCase("Infinity", "null")]
    [TestCase(".5", "0.5")]
    [TestCase("5.", "5")]
    [TestCase("2.8.0", null)]
    [TestCase("OL", null)]
    [TestCase("12 V", null)]
    [TestCase("1,5", null)]
    public void Numbers_read_as_javascript_reads_them(string value, string? json) =>
        Assert.That(JsNumber.ToJson(value), Is.EqualTo(json));

    // go.nut's shape rule, then nut_exporter's defaults for booleans and on/off strings.
    [TestCase("87", 87.0)]
    [TestCase(" 27.1 ", 27.1)]
    [TestCase("-1", -1.0)]
    [TestCase("5.", 5.0)]
    [TestCase("enabled", 1.0)]
    [TestCase("disabled", 0.0)]
    [TestCase("ON", 1.0)]
    [TestCase("inactive", 0.0)]
    [TestCase("2.8.0", null)]
    [TestCase("1e3", null)]
    [TestCase(".", null)]
    [TestCase("-", null)]
    [TestCase("OL CHRG", null)]
    [TestCase("99999999999999999999", null)]
    public void Values_export_as_nut_exporter_exports_them(string value, double? expected) =>
        Assert.That(NutExporterMetrics.ExportedValue(value), Is.EqualTo(expected));

    [Test]
    public void Variable_names_sort_as_javascripts_locale_compare_sorts_them()
    {
        // ICU's root collation: punctuation before digits before letters, '_' before '.', case only to break ties.
        string[] names = ["ups.status", "Ups.id", "battery.charge.low", "battery.charge", "battery_x", "ups.id", "battery1", "ambient.1.temperature"];
        Array.Sort(names, PeanutKeyOrder.Compare);
        Assert.That(names, Is.EqualTo(new[] { "ambient.1.temperature", "battery_x", "battery.charge", "battery.charge.low", "battery1", "ups.id", "Ups.id", "ups.status" }));
    }

    [TestCase("network_ups_tools", "battery.charge", "network_ups_tools_battery_charge")]
    [TestCase("network_ups_tools", "ambient.1.temperature-max", "network_ups_tools_ambient_1_temperature_max")]
    [TestCase("network_ups_tools", "odd/name", "network_ups_tools_odd_name")]
    public void Metric_names_are_nut_exporters(string prefix, string variable, string name) =>
        Assert.That(PrometheusText.MetricName(prefix, variable), Is.EqualTo(name));

    [Test]
    public void Label_values_and_help_are_escaped_and_families_kept_together()
    {
        var text = new PrometheusText();
        text.Add("a", "help \\ with\nbreak", "gauge", 1, ("ups", "x\"y"));
        text.Add("b", "other", "counter", 2);
        text.Add("a", "ignored", "gauge", 0.25, ("ups", "z"));
        Assert.That(text.ToString(), Is.EqualTo(
            "# HELP a help \\\\ with\\nbreak\n# TYPE a gauge\na{ups=\"x\\\"y\"} 1\na{ups=\"z\"} 0.25\n" +
            "# HELP b other\n# TYPE b counter\nb 2\n"));
    }

    [TestCase("Basic YWRtaW46YWRtaW5wYXNz", true, "admin", "adminpass")]
    [TestCase("basic dTpwOmFzczp3b3Jk", true, "u", "p:ass:word")]
    [TestCase("Basic bm9jb2xvbg==", false, "", "")]
    [TestCase("Bearer YWRtaW46YWRtaW5wYXNz", false, "", "")]
    [TestCase("Basic !!!", false, "", "")]
    public void Basic_credentials_are_read_as_rfc_7617_says(string header, bool ok, string user, string password)
    {
        Assert.That(HttpLogin.TryReadBasic(header, out var u, out var p), Is.EqualTo(ok));
        Assert.That((u, p), Is.EqualTo((user, password)));
    }
}
