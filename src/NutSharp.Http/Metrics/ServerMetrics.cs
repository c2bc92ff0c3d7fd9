using NutSharp.Devices;

namespace NutSharp.Http.Metrics;

/// <summary>
/// NutSharp's own metrics (prefix <c>nutsharp_</c>): the NUT server's connections and requests,
/// reloads, and for each device its driver link state and the age of its last driver update.
/// </summary>
public static class ServerMetrics
{
    private static readonly (LinkState State, string Name)[] LinkStates =
    [
        (LinkState.Online, "online"),
        (LinkState.Waiting, "waiting"),
        (LinkState.Stale, "stale"),
        (LinkState.NotConnected, "not_connected"),
    ];

    public static void Write(PrometheusText output, IServerStatistics statistics, IReadOnlyList<Device> devices)
    {
        output.Add("nutsharp_nut_connections", "NUT protocol connections open now", "gauge", statistics.NutConnections);
        output.Add("nutsharp_nut_connections_accepted_total", "NUT protocol connections accepted since start", "counter", statistics.NutConnectionsAccepted);
        foreach (var (command, count) in statistics.NutRequests)
            output.Add("nutsharp_nut_requests_total", "NUT protocol requests answered since start, by command (first word)", "counter", count, ("command", command));
        output.Add("nutsharp_reloads_total", "Configuration reloads (SIGHUP, -c reload) since start", "counter", statistics.Reloads);
        output.Add("nutsharp_reload_failures_total", "Configuration reloads abandoned on an error since start", "counter", statistics.FailedReloads);
        foreach (var device in devices)
        {
            var snapshot = device.Current;
            foreach (var (state, name) in LinkStates)
                output.Add("nutsharp_device_link_state", "Driver link of the device: 1 for its current state (online, waiting for the driver's dump, stale, not connected)", "gauge",
                    snapshot.Link == state ? 1 : 0, ("state", name), ("ups", device.Name));
            output.Add("nutsharp_device_last_update_age_seconds", "Seconds since the device's driver was last heard from", "gauge",
                Math.Round(device.SilentFor.TotalSeconds, 3), ("ups", device.Name));
            output.Add("nutsharp_device_fsd", "1 once FSD has been set on the device", "gauge", snapshot.Fsd ? 1 : 0, ("ups", device.Name));
        }
    }
}
