using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NutSharp.Devices;
using NutSharp.Http.Metrics;

namespace NutSharp.Http.Routes;

/// <summary>
/// Prometheus: <c>/metrics</c> (every device with a <c>ups</c> label, plus NutSharp's own metrics)
/// and <c>/ups_metrics?ups=NAME</c> (one device, exactly as nut_exporter serves it: no <c>ups</c>
/// label, its <c>variables</c> and <c>statuses</c> query parameters honoured). A scrape reads the
/// devices' current snapshots and nothing else: no lock a driver could wait on, no NUT request.
/// </summary>
public static class MetricsRoutes
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/metrics", (DeviceStore store, IHttpConfiguration configuration, IServerStatistics statistics) =>
        {
            var output = new PrometheusText();
            var descriptions = configuration.Descriptions;
            var devices = store.Devices;
            foreach (var device in devices) NutExporterMetrics.Write(output, device, device.Current, descriptions, upsLabel: true);
            ServerMetrics.Write(output, statistics, devices);
            return Results.Text(output.ToString(), PrometheusText.ContentType);
        });

        routes.MapGet("/ups_metrics", (HttpRequest request, DeviceStore store, IHttpConfiguration configuration) =>
        {
            var devices = store.Devices;
            string? ups = request.Query["ups"];
            Device? device;
            if (string.IsNullOrEmpty(ups))
            {
                // nut_exporter: without ?ups= a server with one UPS is scraped, one with several is an error.
                if (devices.Count != 1)
                    return Results.Text($"{devices.Count} UPS devices are served here: add ?ups=NAME (one of: {string.Join(", ", devices.Select(d => d.Name))})\n",
                        "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
                device = devices[0];
            }
            else if ((device = store.Find(ups)) is null)
            {
                return Results.Text($"{ups} is not a UPS served here\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
            }
            var output = new PrometheusText();
            NutExporterMetrics.Write(output, device, device.Current, configuration.Descriptions, upsLabel: false,
                variables: List(request, "variables"), statuses: List(request, "statuses"));
            return Results.Text(output.ToString(), PrometheusText.ContentType);
        });
    }

    /// <summary>A comma-separated query parameter, as nut_exporter splits it; null when absent.</summary>
    private static string[]? List(HttpRequest request, string name) =>
        request.Query[name].ToString() is { Length: > 0 } text ? text.Split(',') : null;
}
