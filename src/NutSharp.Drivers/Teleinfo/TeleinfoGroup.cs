namespace NutSharp.Drivers.Teleinfo;

/// <summary>
/// One decoded group (<c>LF label SEP [horodate SEP] value SEP checksum CR</c>), kept even when its
/// checksum is wrong (<see cref="Valid"/> false) so that callers can count errors; only valid
/// groups are ever published. Strings hold the transmitted characters unchanged (leading zeros,
/// inner spaces).
/// </summary>
public readonly record struct TeleinfoGroup(string Label, string Value, string? Horodate, char Checksum, bool Valid);
