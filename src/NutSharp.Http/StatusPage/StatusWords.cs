using NutSharp.Devices;

namespace NutSharp.Http.StatusPage;

/// <summary>How bad a device's state looks, for the page's colour.</summary>
public enum StatusSeverity
{
    Ok,
    Warning,
    Critical,
}

/// <summary>A device's state in words ("On line", "On battery", "Low battery", ...) and how bad it is.</summary>
public sealed record DeviceStatusText(IReadOnlyList<string> Words, StatusSeverity Severity)
{
    public string Summary => string.Join(", ", Words);
}

/// <summary>
/// Puts a device's <c>ups.status</c> flags and driver link into words, as the page shows them.
/// The link comes first: while upsd would answer DRIVER-NOT-CONNECTED or DATA-STALE, the last
/// ups.status is not what the device is doing now, so the page says so instead of repeating it.
/// The FSD latch is shown as upsd shows it, in front of the flags.
/// </summary>
public static class StatusWords
{
    private static readonly Dictionary<string, (string Words, StatusSeverity Severity)> Flags = new(StringComparer.OrdinalIgnoreCase)
    {
        ["OL"] = ("On line", StatusSeverity.Ok),
        ["OB"] = ("On battery", StatusSeverity.Warning),
        ["LB"] = ("Low battery", StatusSeverity.Critical),
        ["HB"] = ("High battery", StatusSeverity.Warning),
        ["RB"] = ("Replace battery", StatusSeverity.Warning),
        ["CHRG"] = ("Charging", StatusSeverity.Ok),
        ["DISCHRG"] = ("Discharging", StatusSeverity.Warning),
        ["BYPASS"] = ("On bypass", StatusSeverity.Warning),
        ["CAL"] = ("Calibrating", StatusSeverity.Warning),
        ["OFF"] = ("Off", StatusSeverity.Critical),
        ["OVER"] = ("Overload", StatusSeverity.Critical),
        ["TRIM"] = ("Trimming voltage", StatusSeverity.Ok),
        ["BOOST"] = ("Boosting voltage", StatusSeverity.Ok),
        ["FSD"] = ("Forced shutdown", StatusSeverity.Critical),
        ["ALARM"] = ("Alarm", StatusSeverity.Warning),
        ["WAIT"] = ("Waiting for the driver", StatusSeverity.Warning),
    };

    public static DeviceStatusText Describe(DeviceSnapshot snapshot)
    {
        switch (snapshot.Link)
        {
            case LinkState.NotConnected:
                return new(["Driver not connected"], StatusSeverity.Critical);
            case LinkState.Stale:
                return new(["Stale data"], StatusSeverity.Critical);
            case LinkState.Waiting:
                return new(["Waiting for the driver"], StatusSeverity.Warning);
        }
        var words = new List<string>();
        var severity = StatusSeverity.Ok;
        if (snapshot.Fsd) Add("FSD");
        foreach (var flag in (snapshot["ups.status"] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (snapshot.Fsd && flag.Equals("FSD", StringComparison.OrdinalIgnoreCase)) continue;
            Add(flag);
        }
        if (words.Count == 0) words.Add("Status unknown");
        return new(words, severity);

        void Add(string flag)
        {
            if (Flags.TryGetValue(flag, out var known))
            {
                words.Add(known.Words);
                if (known.Severity > severity) severity = known.Severity;
            }
            else
            {
                words.Add(flag); // a flag NUT may add one day: shown as the driver wrote it
            }
        }
    }
}
