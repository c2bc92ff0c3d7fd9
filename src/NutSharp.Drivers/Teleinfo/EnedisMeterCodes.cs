namespace NutSharp.Drivers.Teleinfo;

/// <summary>
/// What a meter address (ADCO in historic mode, ADSC in standard mode: 12 digits, 2 manufacturer,
/// 2 year, 2 device type, 6 serial) says about the meter, and how identifiers are masked
/// (hardware.md §2.4, §2.7). The address and the delivery point number (PRM) identify a household:
/// by default they are never published in full.
/// </summary>
public static class EnedisMeterCodes
{
    /// <summary>The labels that identify a household.</summary>
    public static bool IsIdentifier(string label) => label is "ADCO" or "ADSC" or "PRM";

    /// <summary>
    /// The identifier with its personal part hidden: a meter address keeps its manufacturer, year and
    /// type digits (they name the model, not the home) and hides the serial; the delivery point number is hidden whole.
    /// </summary>
    public static string Mask(string label, string value)
    {
        int keep = label == "PRM" ? 0 : Math.Min(6, value.Length);
        return string.Concat(value.AsSpan(0, keep), new string('*', value.Length - keep));
    }

    /// <summary>The manufacturer from the address's first two digits; null when the code is unknown.</summary>
    public static string? Manufacturer(string address) => address.Length < 2 ? null : address[..2] switch
    {
        "01" => "Crouzet",
        "02" => "Sagemcom",
        "03" => "Itron",
        "04" => "Landis+Gyr",
        _ => null,
    };

    /// <summary>The device type from the address's digits 5 and 6; null when the code is unknown.</summary>
    public static string? Model(string address) => address.Length < 6 ? null : address[4..6] switch
    {
        "61" or "62" or "64" or "75" => "Linky single-phase",
        "63" or "76" => "Linky three-phase",
        _ => null,
    };
}
