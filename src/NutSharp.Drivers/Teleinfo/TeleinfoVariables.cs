using System.Globalization;

namespace NutSharp.Drivers.Teleinfo;

/// <summary>
/// The NUT variables a meter's readings give (hardware.md §2.7). NUT has no energy-meter device, so
/// the meter is shown as a device whose input is the grid: currents, voltage and power as
/// <c>input.*</c>, the share of the subscription used as <c>ups.load</c>, overruns as
/// <c>OVER</c>, a breaker the meter opened as <c>OFF</c>; energy counters and tariffs, which NUT
/// has no names for, as <c>experimental.meter.*</c>, and every label raw as
/// <c>experimental.teleinfo.&lt;label&gt;</c>.
/// </summary>
/// <remarks>
/// The status is never OB, LB, CHRG or DISCHRG: a meter has no battery, and upsmon treats a dead
/// UPS whose last status was OB as on low battery and shuts down (hardware.md §3). When
/// <c>ups.alarm</c> is set the status starts with <c>ALARM</c>, as NUT's driver core writes it
/// (drivers/dstate.c, status_commit).
/// </remarks>
public static class TeleinfoVariables
{
    /// <summary>What the readings publish, variable by variable.</summary>
    public static List<KeyValuePair<string, string>> Map(TeleinfoReadings readings, TeleinfoMode mode, bool showIdentifiers)
    {
        var map = new Builder(readings);
        if (mode == TeleinfoMode.Historic) MapHistoric(map);
        else MapStandard(map);
        map.Identity(mode == TeleinfoMode.Historic ? "ADCO" : "ADSC", showIdentifiers);
        foreach (var (label, value) in readings.Values)
        {
            string shown = EnedisMeterCodes.IsIdentifier(label) && !showIdentifiers ? EnedisMeterCodes.Mask(label, value) : value;
            map.Set("experimental.teleinfo." + label.ToLowerInvariant(), shown);
        }
        return map.Variables;
    }

    private static void MapHistoric(Builder map)
    {
        bool threePhase = map.Has("IINST1") || map.Has("IINST2") || map.Has("IINST3");
        map.Set("input.phases", threePhase ? "3" : "1");
        if (threePhase)
        {
            for (int phase = 1; phase <= 3; phase++)
            {
                map.Number($"input.L{phase}.current", $"IINST{phase}");
                map.Number($"input.L{phase}.current.maximum", $"IMAX{phase}");
            }
        }
        else
        {
            map.Number("input.current", "IINST");
            map.Number("input.current.maximum", "IMAX");
        }
        map.Number("input.current.nominal", "ISOUSC");
        map.Number("input.power", "PAPP");
        map.Number("ups.power", "PAPP");

        // % of the subscribed current: the largest phase current for a three-phase meter (the breaker trips per phase).
        long? current = threePhase
            ? new[] { map.Integer("IINST1"), map.Integer("IINST2"), map.Integer("IINST3") }.Max()
            : map.Integer("IINST");
        map.Percent("ups.load", current, map.Integer("ISOUSC"));

        long? energy = map.Integer("BASE") ?? map.Sum("HCHC", "HCHP") ?? map.Sum("EJPHN", "EJPHPM")
            ?? map.Sum("BBRHCJB", "BBRHPJB", "BBRHCJW", "BBRHPJW", "BBRHCJR", "BBRHPJR");
        if (energy is { } wh) map.Set("experimental.meter.energy.import", Format(wh));
        map.Text("experimental.meter.tariff.option", "OPTARIF");
        map.Text("experimental.meter.tariff.period", "PTEC");
        map.Text("experimental.meter.tariff.tomorrow", "DEMAIN");

        var alarms = new List<string>();
        if (map.Integer("ADPS") is { } adps) alarms.Add($"Subscribed power exceeded (ADPS={adps} A)");
        for (int phase = 1; phase <= 3; phase++)
        {
            if (map.Integer($"ADIR{phase}") is { } adir) alarms.Add($"Phase {phase} current overrun (ADIR{phase}={adir} A)");
        }
        if (map.Value("PPOT") is { } ppot && ppot != "00") alarms.Add($"Phase potential missing (PPOT={ppot})");
        bool over = map.Has("ADPS") || map.Has("ADIR1") || map.Has("ADIR2") || map.Has("ADIR3");
        map.Status(off: false, over, alarms);
    }

    private static void MapStandard(Builder map)
    {
        bool threePhase = map.Has("IRMS2") || map.Has("IRMS3") || map.Has("URMS2") || map.Has("URMS3");
        map.Set("input.phases", threePhase ? "3" : "1");
        if (threePhase)
        {
            for (int phase = 1; phase <= 3; phase++)
            {
                map.Number($"input.L{phase}-N.voltage", $"URMS{phase}");
                map.Number($"input.L{phase}.current", $"IRMS{phase}");
                map.Number($"input.L{phase}.power", $"SINSTS{phase}");
            }
        }
        else
        {
            map.Number("input.voltage", "URMS1");
            map.Number("input.current", "IRMS1");
        }
        map.Number("input.power", "SINSTS");
        map.Number("ups.power", "SINSTS");
        map.Number("input.power.maximum", "SMAXSN");
        // CCASN is the average active power of the last load-curve period, not an instantaneous reading.
        map.Number("input.realpower", "CCASN");
        map.Number("ups.realpower", "CCASN");
        long? reference = map.Integer("PREF") * 1000;
        if (reference is { } va) map.Set("ups.power.nominal", Format(va));
        map.Percent("ups.load", map.Integer("SINSTS"), reference);

        map.Number("experimental.meter.energy.import", "EAST");
        map.Number("experimental.meter.energy.export", "EAIT");
        map.Text("experimental.meter.tariff.option", "NGTF");
        map.Text("experimental.meter.tariff.period", "LTARF");
        map.Number("experimental.meter.tariff.index", "NTARF");

        var alarms = new List<string>();
        bool off = false, over = false;
        if (map.Value("STGE") is { } text && uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint stge))
        {
            uint breaker = (stge >> 1) & 0x7;
            off = breaker != 0;
            over = (stge & 0x80) != 0;
            if (over) alarms.Add("Reference power exceeded");
            if (off) alarms.Add("Breaker open: " + BreakerReason(breaker));
            if ((stge & 0x40) != 0) alarms.Add("Overvoltage on a phase");
            if ((stge & 0x10) != 0) alarms.Add("Terminal cover open");
            string? tomorrow = ((stge >> 26) & 0x3) switch { 1 => "BLEU", 2 => "BLANC", 3 => "ROUGE", _ => null };
            if (tomorrow is not null) map.Set("experimental.meter.tariff.tomorrow", tomorrow);
        }
        map.Status(off, over, alarms);
    }

    private static string BreakerReason(uint code) => code switch
    {
        1 => "overpower",
        2 => "overvoltage",
        3 => "load shedding",
        4 => "remote order",
        5 => "overheat with current above the maximum",
        6 => "overheat with current below the maximum",
        _ => "code " + code.ToString(CultureInfo.InvariantCulture),
    };

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The variables being built, over the readings they come from.</summary>
    private sealed class Builder(TeleinfoReadings readings)
    {
        public List<KeyValuePair<string, string>> Variables { get; } = [];

        public bool Has(string label) => readings[label] is not null;

        public string? Value(string label) => readings[label];

        /// <summary>A numeric label's value (leading zeros dropped); null when absent or not a number.</summary>
        public long? Integer(string label) =>
            readings[label] is { } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value : null;

        public long? Sum(params string[] labels)
        {
            long? total = null;
            foreach (var label in labels)
            {
                if (Integer(label) is { } value) total = (total ?? 0) + value;
            }
            return total;
        }

        public void Set(string name, string value) => Variables.Add(KeyValuePair.Create(name, value));

        public void Number(string name, string label)
        {
            if (Integer(label) is { } value) Set(name, Format(value));
        }

        /// <summary>A text label, without the padding spaces standard mode puts around NGTF and LTARF.</summary>
        public void Text(string name, string label)
        {
            if (Value(label)?.Trim() is { Length: > 0 } text) Set(name, text);
        }

        public void Percent(string name, long? part, long? whole)
        {
            if (part is { } p && whole is > 0)
                Set(name, Math.Round(100.0 * p / whole.Value, 1).ToString("0.#", CultureInfo.InvariantCulture));
        }

        public void Status(bool off, bool over, List<string> alarms)
        {
            var status = new List<string>();
            if (alarms.Count > 0) status.Add("ALARM");
            status.Add(off ? "OFF" : "OL");
            if (over) status.Add("OVER");
            Set("ups.status", string.Join(' ', status));
            if (alarms.Count > 0) Set("ups.alarm", string.Join(' ', alarms.Select(a => "[" + a + "]")));
        }

        public void Identity(string addressLabel, bool showIdentifiers)
        {
            if (Value(addressLabel) is not { } address) return;
            if (EnedisMeterCodes.Manufacturer(address) is { } mfr)
            {
                Set("device.mfr", mfr);
                Set("ups.mfr", mfr);
            }
            string model = EnedisMeterCodes.Model(address) ?? "Enedis meter";
            Set("device.model", model);
            Set("ups.model", model);
            if (showIdentifiers) Set("device.serial", address);
        }
    }
}
