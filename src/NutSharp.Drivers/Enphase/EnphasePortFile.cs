using System.Runtime.Versioning;
using System.Text;

namespace NutSharp.Drivers.Enphase;

/// <summary>
/// The dummy-ups port file the monitor maintains: what was last written, the reference values
/// (defaults, the user's own entries, the gateway's identity), the hide/restore rename to
/// <c>-nocomms</c>, and the rewrite that keeps the user's lines and regenerates the rest
/// (reference/enphase.md §6–§8). Writes are atomic: a temporary file in the same directory,
/// renamed over the port file, so dummy-ups never reads half a file.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class EnphasePortFile(string path, IEnphaseLog log)
{
    /// <summary>Port-file keys the monitor owns, with the reference entry each is kept in (input and output.phases share one).</summary>
    private static readonly (string Key, string Reference)[] ReferenceKeys =
    [
        ("battery.capacity", "capacity"), ("battery.charge.low", "batt_low"), ("battery.charge.restart", "batt_restart"),
        ("battery.type", "batt_type"), ("battery.voltage.high", "batt_high"), ("battery.voltage.nominal", "batt_nom"),
        ("battery.voltage.low", "batt_min"), ("device.mfr", "mfr"), ("device.model", "model"), ("device.serial", "serial"),
        ("device.type", "dev_type"), ("ups.mfr", "umfr"), ("ups.model", "umodel"), ("ups.serial", "userial"),
        ("ups.firmware", "software"), ("input.phases", "phases"), ("output.phases", "phases"),
        ("output.current.high.critical", "max_current"),
    ];

    private static readonly Dictionary<string, string> ReferenceOf = ReferenceKeys.ToDictionary(k => k.Key, k => k.Reference, StringComparer.Ordinal);

    /// <summary>Keys the user may edit while the monitor runs: re-read from the file at every rewrite.</summary>
    private static bool IsReReadOnRewrite(string key) =>
        key is "battery.charge.low" or "battery.voltage.high" or "battery.voltage.nominal" or "battery.voltage.low"
        || key.EndsWith(".mfr", StringComparison.Ordinal) || key.EndsWith(".model", StringComparison.Ordinal);

    private readonly Dictionary<string, string> _reference = new(StringComparer.Ordinal)
    {
        ["batt_low"] = "20", ["batt_type"] = "LFP", ["batt_nom"] = "76.8", ["batt_high"] = "86.4", ["batt_min"] = "68.5",
        ["dev_type"] = "ups", ["batt_restart"] = "10", ["mfr"] = "Enphase Energy", ["model"] = "IQ Gateway",
        ["umfr"] = "Enphase Energy", ["umodel"] = "IQ Gateway",
    };

    private readonly Dictionary<string, MeterReading?> _writtenMeters = new(StringComparer.Ordinal);
    private string _writtenCharge = "";

    public string Path { get; } = path;

    /// <summary>Where the file is while the gateway cannot be reached.</summary>
    public string HiddenPath => Path + "-nocomms";

    /// <summary>The status last written ("" while hidden).</summary>
    public string WrittenStatus { get; private set; } = "";

    /// <summary>A reference value ("" when not set).</summary>
    public string Reference(string name) => _reference.TryGetValue(name, out var v) ? v : "";

    public void SetReference(string name, string value) => _reference[name] = value;

    /// <summary>
    /// Start-up: reads the port file (or, when only that exists, its hidden <c>-nocomms</c> copy, and
    /// then starts hidden). Neither readable is fatal: the file must exist so the monitor cannot run
    /// on the wrong machine, as the script insists.
    /// </summary>
    public void ReadAtStart()
    {
        var file = Path;
        if (!SecretFileChecks.IsReadableFile(file))
        {
            file = HiddenPath;
            if (!SecretFileChecks.IsReadableFile(file)) throw new EnphaseFatalException($"Port file '{Path}' unreadable");
        }
        log.Debug($"Reading portfile '{file}'");
        foreach (var line in PortFileLines.Read(file)) ParseLine(line);
        if (file != Path) WrittenStatus = "";
        log.Debug($"initial status: {WrittenStatus}");
    }

    private void ParseLine(string line)
    {
        var key = PortFileLines.KeyOf(line);
        var value = PortFileLines.ValueOf(line);
        if (key == "ups.status") WrittenStatus = value;
        else if (key == "battery.charge") _writtenCharge = value;
        if (ReferenceOf.TryGetValue(key, out var reference)) _reference[reference] = value;
    }

    /// <summary>
    /// One cycle's update (the script's update_portfile): hide or restore the file when the status
    /// goes to or from "no communication", and rewrite it when the status, the charge or a meter
    /// reading changed. Reference-only changes do not cause a write.
    /// </summary>
    public void Update(EnphaseReadings readings)
    {
        var status = readings.Status;
        bool change = false;
        if (status != WrittenStatus)
        {
            if (WrittenStatus.Length > 0 && status.Length == 0)
            {
                log.Verbose("Communication lost, hiding portfile");
                if (File.Exists(Path)) Rename(Path, HiddenPath, "Unable to disable port file");
            }
            else if (status.Length > 0 && WrittenStatus.Length == 0)
            {
                log.Verbose("Communication restored, restoring portfile");
                if (File.Exists(HiddenPath)) Rename(HiddenPath, Path, "Unable to enable port file");
            }
            if (status.Length > 0) log.Verbose($"ups.status now {status}");
            WrittenStatus = status;
            change = true;
        }
        if (WrittenStatus.Length == 0) return;

        if (readings.Charge is { } charge && charge != _writtenCharge)
        {
            _writtenCharge = charge;
            change = true;
        }
        foreach (var (key, reading) in readings.Meters)
        {
            if (_writtenMeters.TryGetValue(key, out var written) ? Equals(written, reading) : reading is null) continue;
            _writtenMeters[key] = reading;
            change = true;
        }
        if (!change) return;

        log.Verbose($"Updating {Path}");
        if (!SecretFileChecks.IsWritableFile(Path)) throw new EnphaseFatalException($"Port file '{Path}' missing/write-protected!");
        Write(Render(readings));
    }

    /// <summary>The new file: the user's lines, then everything the monitor generates.</summary>
    private List<string> Render(EnphaseReadings readings)
    {
        var lines = new List<string>();
        foreach (var line in PortFileLines.Read(Path))
        {
            var key = PortFileLines.KeyOf(line);
            if (key is "ups.status" or "battery.charge" or "ups.load") continue;
            if (ReferenceOf.ContainsKey(key))
            {
                if (IsReReadOnRewrite(key)) ParseLine(line);
                continue;
            }
            // Everything else under input, output and battery is the monitor's to generate (quirk
            // Q9: the script's own rule, kept so that stale values of a previous run disappear).
            if (key.StartsWith("input", StringComparison.Ordinal) || key.StartsWith("output", StringComparison.Ordinal)
                || key.StartsWith("battery", StringComparison.Ordinal)) continue;
            lines.Add(line);
        }

        lines.Add($"ups.status: {WrittenStatus}");
        if (_writtenCharge.Length > 0) lines.Add($"battery.charge: {_writtenCharge}");
        foreach (var (key, reference) in ReferenceKeys)
            if (Reference(reference) is { Length: > 0 } value) lines.Add($"{key}: {value}");

        long? outputPower = null;
        if (readings.MetersKnown)
        {
            var battery = _writtenMeters.GetValueOrDefault("battery");
            lines.Add($"battery.current: {ScriptNumbers.Divide(2, ScriptNumbers.Int100(battery?.RealPower), ScriptNumbers.Int100(battery?.Voltage))}");
            int phases = Reference("phases") == "3" ? 3 : 0;
            foreach (var group in new[] { "output", "input" })
            {
                for (int phase = 0; phase <= phases; phase++)
                {
                    var reading = _writtenMeters.GetValueOrDefault($"{group}.L{phase}");
                    var prefix = phase == 0 ? group : $"{group}.L{phase}";
                    var realPower = ScriptNumbers.Fixed(reading?.RealPower, 1);
                    var voltage = ScriptNumbers.Fixed(reading?.Voltage, 1);
                    lines.Add($"{prefix}.realpower: {realPower}");
                    lines.Add($"{prefix}.power: {ScriptNumbers.Fixed(reading?.Power, 1)}");
                    lines.Add(phase == 0 ? $"{prefix}.voltage: {voltage}" : $"{prefix}-N.voltage: {voltage}");
                    lines.Add($"{prefix}.powerfactor: {ScriptNumbers.Fixed(reading?.PowerFactor, 2)}");
                    lines.Add($"{prefix}.frequency: {ScriptNumbers.Fixed(reading?.Frequency, 1)}");
                    long p = ScriptNumbers.Int100(realPower);
                    // The gateway's cumulative current is doubled on split phase: derived from power and voltage instead.
                    lines.Add($"{prefix}.current: {ScriptNumbers.Divide(2, p, ScriptNumbers.Int100(voltage))}");
                    if (phase == 0 && group == "output") outputPower = p;
                }
            }
        }

        var charge = readings.Charge;
        if (!string.IsNullOrEmpty(charge) && Reference("batt_high").Length > 0)
            lines.Add($"battery.voltage: {BatteryVoltage(charge, Reference("batt_high"))}");

        if (outputPower is long outp && CapacityWattHours() is long capacity)
        {
            if (!string.IsNullOrEmpty(charge))
                lines.Add($"battery.runtime: {Runtime(outp, ScriptNumbers.Int100(charge), ScriptNumbers.Int100(Reference("batt_restart")), capacity)}");
            if (readings.LoadKwh > 0)
                lines.Add($"ups.load: {ScriptNumbers.Divide(1, outp * 100, readings.LoadKwh * (capacity / 10))}");
        }
        return lines;
    }

    /// <summary>battery.capacity as a whole number of Wh (the script's integer arithmetic); null when unknown.</summary>
    private long? CapacityWattHours()
    {
        var text = Reference("capacity");
        return text.Length > 0 && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double wh)
            && double.IsFinite(wh) ? (long)wh : null;
    }

    /// <summary>LiFePO4 cell volts × 100 at 0, 10, …, 110 % charge.</summary>
    private static readonly int[] LfpCurve = [250, 290, 310, 320, 325, 330, 335, 340, 345, 350, 360, 365];

    /// <summary>The battery voltage the charge implies on an LFP curve scaled so 100 % is battery.voltage.high.</summary>
    public static string BatteryVoltage(string charge, string high)
    {
        long soc = Math.Clamp(ScriptNumbers.Int100(charge), 0, 11000);
        int i = soc > 10000 ? 10 : (int)(soc / 1000);
        long volts = LfpCurve[i] + (LfpCurve[i + 1] - LfpCurve[i]) * (soc - 1000 * i) / 1000;
        volts = volts * ScriptNumbers.Int100(high) / LfpCurve[10];
        return ScriptNumbers.Divide(1, volts, 100);
    }

    /// <summary>Seconds until the battery reaches battery.charge.restart at the present output power, at most two days.</summary>
    public static long Runtime(long outputPower100, long soc100, long restart100, long capacityWh)
    {
        if (outputPower100 <= 0) return 172800;
        if (soc100 < restart100) return 0;
        return Math.Min(172800, (soc100 - restart100) * capacityWh * 36 / outputPower100);
    }

    private static void Rename(string from, string to, string failure)
    {
        try
        {
            File.Move(from, to, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EnphaseFatalException($"{failure} {from}: {e.Message}");
        }
    }

    /// <summary>Replaces the file in one rename, keeping its permissions; the temporary file never outlives a failure.</summary>
    private void Write(List<string> lines)
    {
        var content = new StringBuilder();
        foreach (var line in lines) content.Append(line).Append('\n');
        var directory = SecretFileChecks.DirectoryOf(Path);
        var temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(Path)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(temporary, content.ToString());
            File.SetUnixFileMode(temporary, File.GetUnixFileMode(Path));
            File.Move(temporary, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw new EnphaseFatalException($"Unable to update PORT_FILE {Path}: {e.Message}");
        }
    }
}

/// <summary>What one poll learnt, handed to <see cref="EnphasePortFile.Update"/>.</summary>
public sealed class EnphaseReadings
{
    /// <summary>OL, OB, OL LB, OB LB, or "" for no communication.</summary>
    public required string Status { get; init; }

    /// <summary>The charge as the gateway printed it; "" when it answered without one; null when never read.</summary>
    public string? Charge { get; init; }

    /// <summary>Readings by key (input.L0…L3, output.L0…L3, battery); a null reading is "none" (no storage meter).</summary>
    public required IReadOnlyDictionary<string, MeterReading?> Meters { get; init; }

    /// <summary>
    /// Whether meter lines are written: once a reading arrived, or always with DISABLE_METERS (then
    /// as zeros, as the script writes them). Before the first reading they are left out rather
    /// than written as zeros (quirk Q10).
    /// </summary>
    public bool MetersKnown { get; init; }
    public int LoadKwh { get; init; }
}
