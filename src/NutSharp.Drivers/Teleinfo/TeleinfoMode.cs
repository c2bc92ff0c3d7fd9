namespace NutSharp.Drivers.Teleinfo;

/// <summary>
/// The two output modes of an Enedis meter's TIC. They differ in speed, in the separator inside a
/// group and in the span the checksum covers (hardware.md §2.2, §2.3).
/// </summary>
public enum TeleinfoMode
{
    /// <summary>"Historique": every pre-Linky meter, and Linky by default. 1200 baud, SP separators, checksum over label SP value.</summary>
    Historic,

    /// <summary>"Standard": Linky on request. 9600 baud, HT separators, checksum up to and including the HT before it, optional horodate.</summary>
    Standard,
}

public static class TeleinfoModes
{
    /// <summary>The line speed a mode's meter sends at.</summary>
    public static int BaudRate(this TeleinfoMode mode) => mode == TeleinfoMode.Historic ? 1200 : 9600;

    /// <summary>The mode's name as ups.conf and the command line write it.</summary>
    public static string Name(this TeleinfoMode mode) => mode == TeleinfoMode.Historic ? "historic" : "standard";

    public static TeleinfoMode Other(this TeleinfoMode mode) => mode == TeleinfoMode.Historic ? TeleinfoMode.Standard : TeleinfoMode.Historic;

    /// <summary>
    /// Reads <c>historic</c>, <c>standard</c> or <c>auto</c> (null: detect from what arrives); an
    /// unknown word is an error the caller reports with where it came from.
    /// </summary>
    public static bool TryParse(string? text, out TeleinfoMode? mode)
    {
        mode = null;
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "auto": return true;
            case "historic" or "historique": mode = TeleinfoMode.Historic; return true;
            case "standard": mode = TeleinfoMode.Standard; return true;
            default: return false;
        }
    }
}
