using System.Globalization;
using NutSharp.Config;

namespace NutSharp.Drivers.Teleinfo;

/// <summary>
/// A teleinfo section's options in ups.conf: <c>port</c>, <c>mode</c> (historic, standard or auto,
/// the default), <c>show_identifiers</c> (flag: publish ADCO, ADSC and PRM in full),
/// <c>stale_after</c> (seconds without a valid frame before the data is marked stale, besides
/// upsd.conf's MAXAGE) and <c>detect_after</c> (auto mode: seconds without a valid group before the
/// other mode is tried).
/// </summary>
public sealed record TeleinfoOptions(string Port, TeleinfoMode? Mode, bool ShowIdentifiers, TimeSpan? StaleAfter, TimeSpan DetectAfter)
{
    /// <summary>Long enough for two historic frames (up to 2.3 s each at 1200 baud, hardware.md §2.1).</summary>
    public static readonly TimeSpan DefaultDetectAfter = TimeSpan.FromSeconds(6);

    /// <summary>Reads the section; a wrong value is a <see cref="DriverFaultException"/> naming the option.</summary>
    public static TeleinfoOptions From(UpsSection section)
    {
        string port = section.Port is { Length: > 0 } p ? p : throw new DriverFaultException("no port in ups.conf (e.g. port = /dev/ttyUSB0)");
        string? modeText = section.Option("mode");
        if (!TeleinfoModes.TryParse(modeText, out var mode))
            throw new DriverFaultException($"mode = {modeText}: expected historic, standard or auto");
        return new TeleinfoOptions(port, mode, section.HasFlag("show_identifiers"),
            Seconds(section, "stale_after"), Seconds(section, "detect_after") ?? DefaultDetectAfter);
    }

    private static TimeSpan? Seconds(UpsSection section, string key)
    {
        if (section.Option(key) is not { } text) return null;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new DriverFaultException($"{key} = {text}: expected a whole number of seconds above 0");
    }
}
