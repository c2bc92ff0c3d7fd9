namespace NutSharp.Drivers.Hid;

/// <summary>
/// Parses a HID report descriptor (HID 1.11 §6.2.2) into a <see cref="ReportDescriptor"/>: Main,
/// Global and Local items, Push/Pop, report IDs, sizes and counts, ranges, units and exponents,
/// collection paths and bit offsets counted per (report type, report ID).
/// </summary>
/// <remarks>
/// Where devices break the specification this follows NUT's hidparser: a one-byte Logical Maximum
/// of 0xFF that reads as −1 (below the minimum) is taken as unsigned 255. Unlike NUT, fields beyond
/// the last usage of a Variable item repeat that usage (the HID rule), so every field has a name.
/// </remarks>
public static class ReportDescriptorParser
{
    private const int MaxCollectionDepth = 32;
    private const int MaxFieldsPerItem = 4096;

    /// <summary>The state Global items set, saved and restored by Push and Pop.</summary>
    private record struct GlobalState(
        uint UsagePage, Value LogicalMinimum, Value LogicalMaximum, Value? PhysicalMinimum, Value? PhysicalMaximum,
        uint Unit, int UnitExponent, int ReportSize, byte ReportId, int ReportCount);

    /// <summary>An item's data, kept with its byte size so a negative reading can be taken back as unsigned.</summary>
    private readonly record struct Value(long Signed, uint Unsigned)
    {
        public static Value Of(uint raw, int size) => new(SignExtend(raw, size), raw);
    }

    public static ReportDescriptor Parse(ReadOnlySpan<byte> descriptor)
    {
        if (descriptor.IsEmpty) throw new HidReportException("the report descriptor is empty");
        var global = new GlobalState { ReportCount = 0 };
        var stack = new Stack<GlobalState>();
        var usages = new List<uint>();
        uint? usageMinimum = null, usageMaximum = null;
        var path = new List<string?>();
        var fields = new List<HidField>();
        var bits = new Dictionary<(HidReportType, byte), int>();
        bool numbered = false;

        int position = 0;
        while (position < descriptor.Length)
        {
            int start = position;
            byte prefix = descriptor[position++];
            if (prefix == 0xFE)
            {
                // Long item: size, tag, data. No standard long items exist; skip it.
                if (position + 2 > descriptor.Length) throw Truncated(start);
                position += 2 + descriptor[position];
                if (position > descriptor.Length) throw Truncated(start);
                continue;
            }
            int size = (prefix & 0x03) == 3 ? 4 : prefix & 0x03;
            if (position + size > descriptor.Length) throw Truncated(start);
            uint data = 0;
            for (int i = 0; i < size; i++) data |= (uint)descriptor[position + i] << (8 * i);
            position += size;
            int type = (prefix >> 2) & 0x03;
            int tag = prefix >> 4;

            switch (type)
            {
                case 0: // Main
                    switch (tag)
                    {
                        case 0x8: // Input
                        case 0x9: // Output
                        case 0xB: // Feature
                        {
                            var reportType = tag switch { 0x8 => HidReportType.Input, 0x9 => HidReportType.Output, _ => HidReportType.Feature };
                            AddFields(reportType, (int)data);
                            break;
                        }
                        case 0xA: // Collection
                        {
                            if (path.Count >= MaxCollectionDepth) throw new HidReportException($"collections nested deeper than {MaxCollectionDepth} at byte {start}");
                            var usage = usages.Count > 0 ? usages[0] : usageMinimum;
                            path.Add(usage is { } u ? UsageNames.Name(u) : null);
                            break;
                        }
                        case 0xC: // End Collection
                            if (path.Count == 0) throw new HidReportException($"End Collection without a Collection at byte {start}");
                            path.RemoveAt(path.Count - 1);
                            break;
                        default:
                            throw new HidReportException($"unknown Main item 0x{prefix:x2} at byte {start}");
                    }
                    usages.Clear();
                    usageMinimum = usageMaximum = null;
                    break;

                case 1: // Global
                    switch (tag)
                    {
                        case 0x0: global.UsagePage = data; break;
                        case 0x1: global.LogicalMinimum = Value.Of(data, size); break;
                        case 0x2: global.LogicalMaximum = Value.Of(data, size); break;
                        case 0x3: global.PhysicalMinimum = Value.Of(data, size); break;
                        case 0x4: global.PhysicalMaximum = Value.Of(data, size); break;
                        case 0x5: global.UnitExponent = DecodeExponent(data, size); break;
                        case 0x6: global.Unit = data; break;
                        case 0x7: global.ReportSize = (int)data; break;
                        case 0x8:
                            if (data is 0 or > 0xFF) throw new HidReportException($"Report ID {data} at byte {start} is out of range (1..255)");
                            global.ReportId = (byte)data;
                            numbered = true;
                            break;
                        case 0x9: global.ReportCount = (int)data; break;
                        case 0xA: stack.Push(global); break;
                        case 0xB:
                            if (stack.Count == 0) throw new HidReportException($"Pop without Push at byte {start}");
                            global = stack.Pop();
                            break;
                        default:
                            throw new HidReportException($"unknown Global item 0x{prefix:x2} at byte {start}");
                    }
                    break;

                case 2: // Local
                    switch (tag)
                    {
                        case 0x0: usages.Add(Extended(data, size)); break;
                        case 0x1: usageMinimum = Extended(data, size); break;
                        case 0x2: usageMaximum = Extended(data, size); break;
                        default: break; // designators, strings, delimiters: nothing a UPS needs
                    }
                    break;

                default:
                    throw new HidReportException($"reserved item type in 0x{prefix:x2} at byte {start}");
            }
        }
        if (path.Count != 0) throw new HidReportException($"the report descriptor ends inside {path.Count} open collection(s)");

        var lengths = bits.ToDictionary(b => (b.Key.Item1, b.Key.Item2), b => (b.Value + 7) / 8 + (numbered ? 1 : 0));
        return new ReportDescriptor(fields, lengths, numbered);

        uint Extended(uint data, int size) => size == 4 ? data : (global.UsagePage << 16) | data;

        void AddFields(HidReportType reportType, int flags)
        {
            if (global.ReportCount > MaxFieldsPerItem || global.ReportSize > 32)
                throw new HidReportException($"a Main item declares {global.ReportCount} fields of {global.ReportSize} bits (too many or too large)");
            if (usageMinimum is { } min && usageMaximum is { } max)
                for (uint u = min; u <= max && usages.Count < global.ReportCount; u++) usages.Add(u);
            var key = (reportType, global.ReportId);
            bits.TryGetValue(key, out int offset);
            bool variable = (flags & 0x02) != 0;
            long logicalMinimum = global.LogicalMinimum.Signed, logicalMaximum = global.LogicalMaximum.Signed;
            if (logicalMaximum < logicalMinimum) logicalMaximum = global.LogicalMaximum.Unsigned;
            string prefixPath = string.Join('.', path.Where(p => p is not null));
            for (int i = 0; i < global.ReportCount; i++)
            {
                uint? usage = i < usages.Count ? usages[i] : variable && usages.Count > 0 ? usages[^1] : null;
                if (usage is { } u)
                {
                    string name = UsageNames.Name(u);
                    fields.Add(new HidField
                    {
                        Path = prefixPath.Length == 0 ? name : prefixPath + "." + name,
                        Usage = u,
                        Type = reportType,
                        ReportId = global.ReportId,
                        BitOffset = offset,
                        BitSize = global.ReportSize,
                        LogicalMinimum = logicalMinimum,
                        LogicalMaximum = logicalMaximum,
                        PhysicalMinimum = global.PhysicalMinimum?.Signed,
                        PhysicalMaximum = global.PhysicalMaximum?.Signed,
                        Unit = global.Unit,
                        UnitExponent = global.UnitExponent,
                        Flags = flags,
                    });
                }
                offset += global.ReportSize;
            }
            bits[key] = offset;
        }
    }

    private static HidReportException Truncated(int at) => new($"the report descriptor is cut short in the item at byte {at}");

    private static long SignExtend(uint raw, int size) => size switch
    {
        1 => (sbyte)raw,
        2 => (short)raw,
        4 => (int)raw,
        _ => 0,
    };

    /// <summary>The 4-bit two's complement of HID 1.11 (0x0F = −1); a larger value is read as a signed number of the item's size, as NUT accepts.</summary>
    private static int DecodeExponent(uint data, int size) =>
        data <= 0x0F ? (data >= 8 ? (int)data - 16 : (int)data) : (int)SignExtend(data, size);
}
