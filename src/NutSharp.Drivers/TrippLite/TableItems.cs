namespace NutSharp.Drivers.TrippLite;

/// <summary>One NUT variable read from one HID path (a row of tripplite-hid's hid2nut table).</summary>
/// <param name="Decimals">0 for NUT's "%.0f", 1 for "%.1f".</param>
/// <param name="WritableLength">For ST_FLAG_RW variables: the STRING length NUT declares (5 or 10); 0 when read-only.</param>
/// <param name="Default">For <see cref="ItemFlags.Absent"/> items: the NUT-side default.</param>
public sealed record VariableItem(
    string Variable, string Path, int Decimals, ItemFlags Flags = ItemFlags.None, Conversion Conversion = Conversion.None,
    int WritableLength = 0, string? Default = null);

/// <summary>A PresentStatus bit and the internal status flag it drives (a BOOL row of hid2nut).</summary>
public sealed record StatusItem(string Path, StatusBits Bit, ItemFlags Flags = ItemFlags.None);

/// <summary>An instant command: a value written into one HID field.</summary>
/// <param name="Value">What is written when the client gives no parameter.</param>
public sealed record CommandItem(string Command, string Path, string Value);
