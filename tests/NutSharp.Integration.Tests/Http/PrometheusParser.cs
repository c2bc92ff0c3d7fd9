using System.Diagnostics;
using System.Text.Json;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Http;

/// <summary>One sample as Debian's python3-prometheus-client parsed it.</summary>
public sealed record ParsedSample(string Family, string Type, string Help, string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : "";
}

/// <summary>
/// Runs the reference Prometheus text parser (python3-prometheus-client, /usr/bin/python3) over a
/// scrape: a text it refuses fails the test with its message.
/// </summary>
public static class PrometheusParser
{
    public const string Python = "/usr/bin/python3";

    public static void RequireInstalled()
    {
        TestPaths.RequireInstalled(Python, "/usr/lib/python3/dist-packages/prometheus_client/parser.py");
    }

    public static IReadOnlyList<ParsedSample> Parse(string exposition)
    {
        var start = new ProcessStartInfo(Python)
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Http", "parse_metrics.py") },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(exposition);
        process.StandardInput.Close();
        if (!process.WaitForExit(Wait.DefaultTimeout)) Assert.Fail("the Prometheus parser did not finish");
        if (process.ExitCode != 0) Assert.Fail($"python3-prometheus-client refused the text: {stderr.Result}\n{exposition}");
        using var document = JsonDocument.Parse(stdout.Result);
        return [.. document.RootElement.EnumerateArray().Select(s => new ParsedSample(
            s.GetProperty("family").GetString()!,
            s.GetProperty("type").GetString()!,
            s.GetProperty("help").GetString()!,
            s.GetProperty("name").GetString()!,
            s.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
            s.GetProperty("value").GetDouble()))];
    }
}
