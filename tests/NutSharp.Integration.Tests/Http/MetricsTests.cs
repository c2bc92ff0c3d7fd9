using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Http;

/// <summary>
/// /metrics and /ups_metrics of the native server, parsed by the reference Prometheus parser
/// (python3-prometheus-client) and checked against nut_exporter's names: the ones its Grafana
/// dashboard queries (read from the dashboard itself), and every numeric variable NUT reports.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class MetricsTests
{
    /// <summary>ups1 has every variable the nut_exporter dashboard charts.</summary>
    private const string Ups1Dev = """
        device.mfr: "Metrics Test"
        device.model: "Grafana 1500"
        device.serial: MT-1
        device.type: ups
        ups.mfr: "Metrics Test"
        ups.model: "Grafana 1500"
        ups.status: OL CHRG
        ups.load: 23
        battery.charge: 87
        battery.runtime: 1800
        battery.voltage: 27.1
        battery.voltage.high: 28.8
        battery.voltage.low: 20.4
        battery.voltage.nominal: 24
        input.voltage: 230.4
        ups.test.result: "Done and passed"

        """;

    [OneTimeSetUp]
    public void RequireParser() => PrometheusParser.RequireInstalled();

    private static async Task<HttpSandbox> StartAsync()
    {
        var sandbox = new HttpSandbox();
        sandbox.Host.Write("ups1.dev", Ups1Dev);
        await sandbox.StartAsync();
        return sandbox;
    }

    private static async Task<IReadOnlyList<ParsedSample>> ScrapeAsync(HttpSandbox sandbox, string path)
    {
        using var response = await sandbox.Client.GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("text/plain; version=0.0.4; charset=utf-8"));
        return PrometheusParser.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The metric names the nut_exporter dashboard's panels query (tests/fixtures/http).</summary>
    private static IReadOnlyList<string> DashboardMetrics()
    {
        string dashboard = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "tests", "fixtures", "http", "nut_exporter-dashboard.json"));
        return [.. DashboardMetricName().Matches(dashboard).Select(m => m.Value).Distinct().Order()];
    }

    [GeneratedRegex(@"network_ups_tools_[a-z_]+")]
    private static partial Regex DashboardMetricName();

    [Test]
    public async Task Every_metric_the_nut_exporter_dashboard_queries_is_there_for_each_ups_with_its_label()
    {
        using var sandbox = await StartAsync();
        var samples = await ScrapeAsync(sandbox, "metrics");
        var names = DashboardMetrics();
        Assert.That(names, Has.Count.GreaterThanOrEqualTo(8), "the dashboard's queries were found");
        foreach (var name in names)
        {
            var ups1 = samples.Where(s => s.Name == name && s.Label("ups") == "ups1").ToList();
            Assert.That(ups1, Is.Not.Empty, $"{name}{{ups=\"ups1\"}}");
            Assert.That(ups1.All(s => s.Type == "gauge"), Is.True, $"{name} is a gauge, as nut_exporter's");
        }
        Assert.That(samples.Where(s => s.Name.StartsWith("network_ups_tools_", StringComparison.Ordinal)).All(s => s.Labels.ContainsKey("ups")), Is.True,
            "every device metric carries the ups label");
    }

    [Test]
    public async Task Numeric_variables_statuses_and_device_info_read_as_nut_exporter_writes_them()
    {
        using var sandbox = await StartAsync();
        var samples = await ScrapeAsync(sandbox, "metrics");
        double Value(string name, string ups = "ups1") => samples.Single(s => s.Name == name && s.Label("ups") == ups).Value;

        using (var nut = sandbox.Host.Connect())
        {
            foreach (var variable in new[] { "battery.charge", "battery.runtime", "battery.voltage", "battery.voltage.high", "input.voltage", "ups.load" })
            {
                string value = PeanutOracle.Words(nut.Ask($"GET VAR ups1 {variable}")!)[3];
                Assert.That(Value("network_ups_tools_" + variable.Replace('.', '_')), Is.EqualTo(double.Parse(value, CultureInfo.InvariantCulture)), variable);
            }
        }
        Assert.That(samples.Any(s => s.Name == "network_ups_tools_ups_test_result"), Is.False, "a STRING variable is not a metric");
        Assert.That(samples.Single(s => s.Name == "network_ups_tools_battery_charge" && s.Label("ups") == "ups1").Help, Does.EndWith("(battery.charge)"));

        var status = samples.Where(s => s.Name == "network_ups_tools_ups_status" && s.Label("ups") == "ups1").ToDictionary(s => s.Label("flag"), s => s.Value);
        Assert.That((status["OL"], status["CHRG"], status["OB"], status["LB"], status["FSD"]), Is.EqualTo((1.0, 1.0, 0.0, 0.0, 0.0)));
        var ups2Status = samples.Where(s => s.Name == "network_ups_tools_ups_status" && s.Label("ups") == "ups2" && s.Value == 1).Select(s => s.Label("flag"));
        Assert.That(ups2Status, Is.EquivalentTo(new[] { "OB", "LB" }));

        var info = samples.Single(s => s.Name == "network_ups_tools_device_info" && s.Label("ups") == "ups1");
        Assert.That((info.Label("model"), info.Label("mfr"), info.Label("serial"), info.Label("type"), info.Label("location")),
            Is.EqualTo(("Grafana 1500", "Metrics Test", "MT-1", "ups", "")));
    }

    [Test]
    public async Task Ups_metrics_serves_one_device_without_the_ups_label_as_nut_exporter_does()
    {
        using var sandbox = await StartAsync();
        var samples = await ScrapeAsync(sandbox, "ups_metrics?ups=UPS2");
        Assert.That(samples.Single(s => s.Name == "network_ups_tools_battery_charge").Value, Is.EqualTo(4));
        Assert.That(samples.All(s => !s.Labels.ContainsKey("ups")), Is.True);
        Assert.That(samples.Any(s => s.Name.StartsWith("nutsharp_", StringComparison.Ordinal)), Is.False);

        var filtered = await ScrapeAsync(sandbox, "ups_metrics?ups=ups1&variables=battery.charge,ups.status&statuses=OL,OB");
        Assert.That(filtered.Select(s => s.Name).Distinct(), Is.EquivalentTo(new[] { "network_ups_tools_battery_charge", "network_ups_tools_ups_status", "network_ups_tools_device_info" }));
        Assert.That(filtered.Where(s => s.Name == "network_ups_tools_ups_status").Select(s => (s.Label("flag"), s.Value)),
            Is.EquivalentTo(new[] { ("OL", 1.0), ("CHRG", 1.0), ("OB", 0.0) }));

        using var several = await sandbox.Client.GetAsync("ups_metrics");
        Assert.That(several.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "two devices and no ?ups=");
        using var unknown = await sandbox.Client.GetAsync("ups_metrics?ups=nope");
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Server_metrics_count_nut_requests_reloads_and_follow_the_driver_link()
    {
        using var sandbox = await StartAsync();
        using (var nut = sandbox.Host.Connect())
        {
            nut.Ask("GET VAR ups1 ups.status");
            nut.Ask("VER");
            nut.Ask("BOGUS");
            var before = await ScrapeAsync(sandbox, "metrics");
            double Requests(IReadOnlyList<ParsedSample> s, string command) => s.Single(x => x.Name == "nutsharp_nut_requests_total" && x.Label("command") == command).Value;
            Assert.That(Requests(before, "VER"), Is.GreaterThanOrEqualTo(1));
            Assert.That(Requests(before, "unknown"), Is.GreaterThanOrEqualTo(1));
            Assert.That(before.Single(s => s.Name == "nutsharp_nut_connections").Value, Is.GreaterThanOrEqualTo(1));
            nut.Ask("VER");
            var after = await ScrapeAsync(sandbox, "metrics");
            Assert.That(Requests(after, "VER"), Is.EqualTo(Requests(before, "VER") + 1));
        }

        var link = await ScrapeAsync(sandbox, "metrics");
        Assert.That(link.Single(s => s.Name == "nutsharp_device_link_state" && s.Label("ups") == "ups1" && s.Label("state") == "online").Value, Is.EqualTo(1));

        // dummy-ups's convention: a port file renamed to -nocomms is a driver that lost its device.
        File.Move(sandbox.Host.ConfPath("ups2.dev"), sandbox.Host.ConfPath("ups2.dev-nocomms"));
        sandbox.Server!.SendHangup();
        var down = await WaitForScrapeAsync(sandbox, s =>
            s.Any(x => x.Name == "nutsharp_device_link_state" && x.Label("ups") == "ups2" && x.Label("state") == "not_connected" && x.Value == 1)
            && s.Any(x => x.Name == "nutsharp_reloads_total" && x.Value == 1));
        Assert.That(down.Any(s => s.Name.StartsWith("network_ups_tools_", StringComparison.Ordinal) && s.Label("ups") == "ups2"), Is.False,
            "a device upsd answers DRIVER-NOT-CONNECTED for has no nut_exporter metrics");
        Assert.That(down.Single(s => s.Name == "nutsharp_device_last_update_age_seconds" && s.Label("ups") == "ups1").Value, Is.GreaterThanOrEqualTo(0));
    }

    private static async Task<IReadOnlyList<ParsedSample>> WaitForScrapeAsync(HttpSandbox sandbox, Func<IReadOnlyList<ParsedSample>, bool> accept)
    {
        IReadOnlyList<ParsedSample> last = [];
        bool seen = await Wait.ForAsync(async () => accept(last = await ScrapeAsync(sandbox, "metrics")));
        if (!seen) Assert.Fail("the scrape never showed the expected state; last:\n" + string.Join("\n", last.Where(s => s.Name.StartsWith("nutsharp_", StringComparison.Ordinal)).Select(s => $"{s.Name}{{{string.Join(',', s.Labels.Select(l => $"{l.Key}={l.Value}"))}}} {s.Value}")));
        return last;
    }
}
