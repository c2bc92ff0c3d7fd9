namespace NutSharp.Http.Teleinfo;

/// <summary>
/// The unit of each numeric Teleinfo label, as serial-teleinfo gives it in its <c>/status.json</c>
/// (<c>"PAPP": [340, "VA"]</c>). Historic labels are the ones that tool knows, with its units (its
/// types table follows Enedis-NOI-CPT_02E); standard-mode labels, which it cannot read, have the
/// units of the Enedis standard-mode specification (reference/hardware.md §2.4), so a standard
/// meter's readings come out in the same shape. A label not listed is text: a string, unit null.
/// </summary>
public static class TeleinfoLabels
{
    private static readonly Dictionary<string, string> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        // Historic mode (serial-teleinfo's table).
        ["BASE"] = "Wh", ["HCHC"] = "Wh", ["HCHP"] = "Wh", ["EJPHN"] = "Wh", ["EJPHPM"] = "Wh",
        ["BBRHCJB"] = "Wh", ["BBRHPJB"] = "Wh", ["BBRHCJW"] = "Wh", ["BBRHPJW"] = "Wh", ["BBRHCJR"] = "Wh", ["BBRHPJR"] = "Wh",
        ["GAZ"] = "dal", ["AUTRE"] = "dal",
        ["ISOUSC"] = "A", ["PEJP"] = "min", ["IINST"] = "A", ["ADPS"] = "A", ["IMAX"] = "A", ["PAPP"] = "VA",
        ["IINST1"] = "A", ["IINST2"] = "A", ["IINST3"] = "A", ["IMAX1"] = "A", ["IMAX2"] = "A", ["IMAX3"] = "A",
        ["PMAX"] = "W",
        // Three-phase overrun warnings: numeric in amperes, like ADPS (unknown to serial-teleinfo).
        ["ADIR1"] = "A", ["ADIR2"] = "A", ["ADIR3"] = "A",
        // Standard mode.
        ["EAST"] = "Wh", ["EAIT"] = "Wh",
        ["EASF01"] = "Wh", ["EASF02"] = "Wh", ["EASF03"] = "Wh", ["EASF04"] = "Wh", ["EASF05"] = "Wh",
        ["EASF06"] = "Wh", ["EASF07"] = "Wh", ["EASF08"] = "Wh", ["EASF09"] = "Wh", ["EASF10"] = "Wh",
        ["EASD01"] = "Wh", ["EASD02"] = "Wh", ["EASD03"] = "Wh", ["EASD04"] = "Wh",
        ["ERQ1"] = "VArh", ["ERQ2"] = "VArh", ["ERQ3"] = "VArh", ["ERQ4"] = "VArh",
        ["IRMS1"] = "A", ["IRMS2"] = "A", ["IRMS3"] = "A",
        ["URMS1"] = "V", ["URMS2"] = "V", ["URMS3"] = "V",
        ["UMOY1"] = "V", ["UMOY2"] = "V", ["UMOY3"] = "V",
        ["PREF"] = "kVA", ["PCOUP"] = "kVA",
        ["SINSTS"] = "VA", ["SINSTS1"] = "VA", ["SINSTS2"] = "VA", ["SINSTS3"] = "VA",
        ["SMAXSN"] = "VA", ["SMAXSN1"] = "VA", ["SMAXSN2"] = "VA", ["SMAXSN3"] = "VA",
        ["SMAXSN-1"] = "VA", ["SMAXSN1-1"] = "VA", ["SMAXSN2-1"] = "VA", ["SMAXSN3-1"] = "VA",
        ["SINSTI"] = "VA", ["SMAXIN"] = "VA", ["SMAXIN-1"] = "VA",
        ["CCASN"] = "W", ["CCASN-1"] = "W", ["CCAIN"] = "W", ["CCAIN-1"] = "W",
    };

    // serial-teleinfo strips the dots that pad these values to four characters ("TH.." -> "TH").
    private static readonly HashSet<string> DotPadded = new(StringComparer.OrdinalIgnoreCase) { "OPTARIF", "PTEC", "DEMAIN" };

    /// <summary>The unit of a numeric label, or null for a text label.</summary>
    public static string? UnitOf(string label) => Units.GetValueOrDefault(label);

    /// <summary>A text label's value as serial-teleinfo shows it.</summary>
    public static string TextValue(string label, string value) => DotPadded.Contains(label) ? value.TrimEnd('.') : value;
}
