using System.Globalization;

namespace NutSharp.Drivers.Hid;

/// <summary>
/// One field a report descriptor declares: where it sits (report type, report ID, bit offset and
/// size inside the payload after the ID byte), its NUT-style usage path, and how its raw bits turn
/// into a physical value (logical and physical ranges, unit, unit exponent).
/// </summary>
public sealed record HidField
{
    /// <summary>Collection usages and the field's usage, joined by dots: <c>UPS.PowerSummary.RemainingCapacity</c>.</summary>
    public required string Path { get; init; }

    /// <summary>Usage page (high 16 bits) and usage id (low 16 bits) of the field.</summary>
    public required uint Usage { get; init; }

    public required HidReportType Type { get; init; }

    /// <summary>0 for unnumbered reports.</summary>
    public required byte ReportId { get; init; }

    /// <summary>Bit offset inside the payload (the report-ID byte excluded).</summary>
    public required int BitOffset { get; init; }

    public required int BitSize { get; init; }

    public required long LogicalMinimum { get; init; }

    public required long LogicalMaximum { get; init; }

    /// <summary>Null when the descriptor never declared one.</summary>
    public long? PhysicalMinimum { get; init; }

    public long? PhysicalMaximum { get; init; }

    public required uint Unit { get; init; }

    /// <summary>Already sign-decoded.</summary>
    public required int UnitExponent { get; init; }

    /// <summary>The Main item's data bits (0x01 Constant, 0x02 Variable, ...).</summary>
    public required int Flags { get; init; }

    public bool IsConstant => (Flags & 0x01) != 0;

    /// <summary>The raw value in <paramref name="payload"/> (the report without its ID byte), sign-extended when the logical range is signed.</summary>
    public long ReadLogical(ReadOnlySpan<byte> payload)
    {
        if (BitOffset + BitSize > payload.Length * 8)
            throw new HidReportException($"{Path}: report 0x{ReportId:x2} is {payload.Length} bytes long, too short for bits {BitOffset}..{BitOffset + BitSize - 1}");
        ulong raw = 0;
        for (int i = 0; i < BitSize; i++)
        {
            int bit = BitOffset + i;
            if ((payload[bit >> 3] & (1 << (bit & 7))) != 0) raw |= 1UL << i;
        }
        if (LogicalMinimum < 0 && BitSize is > 0 and < 64 && (raw & (1UL << (BitSize - 1))) != 0)
            return (long)(raw | (ulong.MaxValue << BitSize));
        return (long)raw;
    }

    /// <summary>Writes <paramref name="logical"/> into the field's bits, leaving the neighbouring bits as they were.</summary>
    public void WriteLogical(Span<byte> payload, long logical)
    {
        if (BitOffset + BitSize > payload.Length * 8)
            throw new HidReportException($"{Path}: report 0x{ReportId:x2} is {payload.Length} bytes long, too short for bits {BitOffset}..{BitOffset + BitSize - 1}");
        ulong raw = (ulong)logical;
        for (int i = 0; i < BitSize; i++)
        {
            int bit = BitOffset + i;
            byte mask = (byte)(1 << (bit & 7));
            if ((raw & (1UL << i)) != 0) payload[bit >> 3] |= mask;
            else payload[bit >> 3] &= (byte)~mask;
        }
    }

    /// <summary>
    /// Logical to physical as NUT does: through the physical range when one is declared (and not
    /// [0..0]), then times 10^(exponent - the unit's default exponent), the default being 7 for
    /// volt, W and VA and 0 otherwise (NUT's HIDUnits table).
    /// </summary>
    public double ToPhysical(long logical)
    {
        double value = logical;
        if (HasPhysicalRange && LogicalMaximum != LogicalMinimum)
        {
            double factor = (double)(PhysicalMaximum!.Value - PhysicalMinimum!.Value) / (LogicalMaximum - LogicalMinimum);
            value = PhysicalMinimum.Value + (logical - LogicalMinimum) * factor;
        }
        return value * Math.Pow(10, UnitExponent - DefaultExponent(Unit));
    }

    /// <summary>The inverse of <see cref="ToPhysical"/>, rounded to the nearest logical value.</summary>
    public long ToLogical(double physical)
    {
        double value = physical / Math.Pow(10, UnitExponent - DefaultExponent(Unit));
        if (HasPhysicalRange && PhysicalMaximum != PhysicalMinimum)
        {
            double factor = (double)(LogicalMaximum - LogicalMinimum) / (PhysicalMaximum!.Value - PhysicalMinimum!.Value);
            value = LogicalMinimum + (value - PhysicalMinimum!.Value) * factor;
        }
        return (long)Math.Round(value, MidpointRounding.AwayFromZero);
    }

    private bool HasPhysicalRange => PhysicalMinimum is { } min && PhysicalMaximum is { } max && (min != 0 || max != 0);

    /// <summary>NUT's HIDUnits: the exponent a Power Device is expected to use for the unit.</summary>
    public static int DefaultExponent(uint unit) => unit switch
    {
        HidUnits.Volt or HidUnits.Watt => 7,
        _ => 0,
    };

    /// <summary>One line of the field table (the <c>.parsed.txt</c> format of the fixtures).</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Path,-60} {Type,-7} id=0x{ReportId:x2} off={BitOffset,3} size={BitSize,2} log=[{LogicalMinimum}..{LogicalMaximum}] phy=[{Show(PhysicalMinimum)}..{Show(PhysicalMaximum)}] unit=0x{Unit:x8} exp={UnitExponent} flags=0x{Flags:x2}");

    private static string Show(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "None";
}
