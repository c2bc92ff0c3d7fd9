namespace NutSharp.Drivers.TrippLite;

/// <summary>
/// A value at a fixed report ID of Tripp Lite's "protocol 2012" (the table numat/tripplite reads,
/// hardware.md §1.2): the first <paramref name="Bytes"/> bytes after the ID, little-endian, times
/// <paramref name="Scale"/>. Used only for variables the report descriptor does not describe.
/// </summary>
public sealed record Protocol2012Item(string Variable, byte ReportId, int Bytes, double Scale, int Decimals, ItemFlags Flags = ItemFlags.None, Conversion Conversion = Conversion.None);
