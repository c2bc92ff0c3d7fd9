namespace NutSharp.Drivers.Teleinfo;

/// <summary>
/// The unit of each numeric label (hardware.md §2.4). serial-teleinfo's JSON gives numeric labels as
/// numbers with their unit and every other label as a string with a null unit; its table covers the
/// historic labels, this one the standard labels too.
/// </summary>
public static class TeleinfoUnits
{
    private static readonly Dictionary<string, string> Units = Build();

    /// <summary>The label's unit, or null for a text label (identifiers, tariffs, status words).</summary>
    public static string? Of(string label) => Units.GetValueOrDefault(label);

    /// <summary>
    /// Labels whose value serial-teleinfo shows without the dots that pad it to four characters
    /// (<c>HC..</c> → <c>HC</c>).
    /// </summary>
    public static bool IsPaddedWithDots(string label) => label is "OPTARIF" or "PTEC" or "DEMAIN";

    private static Dictionary<string, string> Build()
    {
        var units = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string unit, params string[] labels)
        {
            foreach (var label in labels) units[label] = unit;
        }

        // Historic mode.
        Add("Wh", "BASE", "HCHC", "HCHP", "EJPHN", "EJPHPM", "BBRHCJB", "BBRHPJB", "BBRHCJW", "BBRHPJW", "BBRHCJR", "BBRHPJR");
        Add("dal", "GAZ", "AUTRE");
        Add("min", "PEJP");
        Add("A", "ISOUSC", "IINST", "ADPS", "IMAX", "IINST1", "IINST2", "IINST3", "IMAX1", "IMAX2", "IMAX3", "ADIR1", "ADIR2", "ADIR3");
        Add("VA", "PAPP");
        Add("W", "PMAX");

        // Standard mode.
        Add("Wh", "EAST", "EAIT");
        for (int i = 1; i <= 10; i++) Add("Wh", $"EASF{i:00}");
        for (int i = 1; i <= 4; i++) Add("Wh", $"EASD{i:00}");
        Add("VArh", "ERQ1", "ERQ2", "ERQ3", "ERQ4");
        Add("A", "IRMS1", "IRMS2", "IRMS3");
        Add("V", "URMS1", "URMS2", "URMS3", "UMOY1", "UMOY2", "UMOY3");
        Add("kVA", "PREF", "PCOUP");
        Add("VA", "SINSTS", "SINSTS1", "SINSTS2", "SINSTS3", "SINSTI", "SMAXIN", "SMAXIN-1",
            "SMAXSN", "SMAXSN1", "SMAXSN2", "SMAXSN3", "SMAXSN-1", "SMAXSN1-1", "SMAXSN2-1", "SMAXSN3-1");
        Add("W", "CCASN", "CCASN-1", "CCAIN", "CCAIN-1");
        return units;
    }
}
