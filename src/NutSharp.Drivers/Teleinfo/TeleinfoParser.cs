using System.Buffers;
using System.Text;

namespace NutSharp.Drivers.Teleinfo;

/// <summary>
/// Finds Teleinfo frames in a byte stream and decodes their groups (hardware.md §2.2–2.3):
/// <c>STX { LF group CR } ETX</c>, EOT aborting a frame. Works on the bytes where they lie (a
/// <see cref="ReadOnlySequence{T}"/> from a PipeReader): each group is decoded from a small stack
/// buffer, so nothing is copied per frame, and only the strings of the decoded groups are allocated.
/// </summary>
/// <remarks>
/// <para>Every byte is masked with 0x7F before it is looked at: adapters that cannot do 7E1 (and
/// pseudo-terminals, which stay 8N1) leave the parity bit in bit 7, and checksums still catch what
/// the parity would have. A byte of line noise can therefore look like an STX (0x82); the frame it
/// starts is cut by the next real STX and dropped.</para>
/// <para>The rules are those of the fixtures' reference parser (fixtures/README.md), so the
/// events match its <c>.expected.json</c>: outside a frame everything up to an STX is ignored; STX
/// inside a frame truncates it; EOT drops it; ETX delivers it with every group decoded, valid or
/// not. A group's checksum is checked with the mode's rule; a mismatch keeps the group, marked
/// invalid.</para>
/// <para>Call <see cref="Parse"/> with whatever has arrived; it returns where the unused rest begins
/// (the start of a frame whose end has not arrived yet), to be handed back with more bytes.</para>
/// </remarks>
public sealed class TeleinfoParser(TeleinfoMode mode)
{
    /// <summary>The longest group the parser keeps (the longest real one, PJOURF+1, is about 110 bytes).</summary>
    public const int MaxGroupLength = 128;

    public const byte Stx = 0x02, Etx = 0x03, Eot = 0x04, Lf = 0x0A, Cr = 0x0D, Sp = 0x20, Ht = 0x09;

    /// <summary>Frame control bytes, with and without a parity bit left in bit 7.</summary>
    private static readonly SearchValues<byte> FrameControl = SearchValues.Create([Stx, Etx, Eot, Stx | 0x80, Etx | 0x80, Eot | 0x80]);
    private static readonly SearchValues<byte> FrameStart = SearchValues.Create([Stx, Stx | 0x80]);

    private readonly List<TeleinfoGroup> _groups = [];

    /// <summary>The mode whose separator and checksum rule groups are decoded with; may change between calls (auto-detection).</summary>
    public TeleinfoMode Mode { get; set; } = mode;

    /// <summary>Groups whose checksum passed, since the parser was made.</summary>
    public long ValidGroups { get; private set; }

    /// <summary>
    /// Groups that failed in <see cref="Mode"/> but are well formed with a good checksum in the other
    /// mode: the meter is in the other mode and the adapter delivers its bytes anyway (a
    /// pseudo-terminal, an adapter that ignores the speed).
    /// </summary>
    public long OtherModeGroups { get; private set; }

    /// <summary>Parses the complete frames in <paramref name="buffer"/>; returns the start of what must be kept for the next call.</summary>
    public SequencePosition Parse(ReadOnlySequence<byte> buffer, ITeleinfoHandler handler)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (true)
        {
            // Outside a frame: everything up to the next STX is ignored.
            if (!AdvanceTo(ref reader, FrameStart)) return buffer.End;
            var frameStart = reader.Position;
            reader.Advance(1);
            var contentStart = reader.Position;
            if (!AdvanceTo(ref reader, FrameControl)) return frameStart;   // the frame's end has not arrived yet
            var content = buffer.Slice(contentStart, reader.Position);
            reader.TryPeek(out byte control);
            control &= 0x7F;
            bool openAtEnd = DecodeGroups(content, handler, out string? openText);
            switch (control)
            {
                case Etx:
                    if (openAtEnd) handler.OnError(new TeleinfoError(TeleinfoErrorKind.GroupTruncated, Text: openText));
                    handler.OnFrame(_groups);
                    reader.Advance(1);
                    break;
                case Eot:
                    handler.OnError(new TeleinfoError(TeleinfoErrorKind.FrameInterrupted, Groups: _groups.Count));
                    reader.Advance(1);
                    break;
                default:
                    // Another STX: this frame is cut short; the loop starts the next one on that STX.
                    handler.OnError(new TeleinfoError(TeleinfoErrorKind.FrameTruncated, Groups: _groups.Count));
                    break;
            }
            _groups.Clear();
        }
    }

    /// <summary>Moves to the next byte in <paramref name="values"/>; false (reader at the end) when there is none.</summary>
    private static bool AdvanceTo(ref SequenceReader<byte> reader, SearchValues<byte> values)
    {
        while (!reader.End)
        {
            int at = reader.UnreadSpan.IndexOfAny(values);
            if (at >= 0)
            {
                reader.Advance(at);
                return true;
            }
            reader.Advance(reader.UnreadSpan.Length);
        }
        return false;
    }

    /// <summary>
    /// Decodes the groups between STX and the frame's end into <see cref="_groups"/>; returns whether
    /// a group was still open at the end (its text in <paramref name="openText"/>).
    /// </summary>
    private bool DecodeGroups(ReadOnlySequence<byte> content, ITeleinfoHandler handler, out string? openText)
    {
        Span<byte> group = stackalloc byte[MaxGroupLength];
        int length = 0;
        bool open = false;
        foreach (var segment in content)
        {
            foreach (byte received in segment.Span)
            {
                byte b = (byte)(received & 0x7F);
                switch (b)
                {
                    case Lf:
                        if (open) handler.OnError(new TeleinfoError(TeleinfoErrorKind.GroupTruncated, Text: Text(group[..length])));
                        open = true;
                        length = 0;
                        break;
                    case Cr:
                        if (!open) handler.OnError(new TeleinfoError(TeleinfoErrorKind.StrayCr));
                        else DecodeGroup(group[..length], handler);
                        open = false;
                        break;
                    default:
                        if (!open)
                        {
                            handler.OnError(new TeleinfoError(TeleinfoErrorKind.ByteOutsideGroup, Byte: received));
                        }
                        else if (length == MaxGroupLength)
                        {
                            handler.OnError(new TeleinfoError(TeleinfoErrorKind.GroupTooLong, Text: Text(group)));
                            open = false;
                        }
                        else
                        {
                            group[length++] = b;
                        }
                        break;
                }
            }
        }
        openText = open ? Text(group[..length]) : null;
        return open;
    }

    private void DecodeGroup(ReadOnlySpan<byte> group, ITeleinfoHandler handler)
    {
        foreach (byte b in group)
        {
            if ((b < Sp && b != Ht) || b > 0x7E)
            {
                handler.OnError(new TeleinfoError(TeleinfoErrorKind.NonPrintable, Text: Text(group)));
                return;
            }
        }
        var layout = Split(group, Mode);
        if (!layout.WellFormed)
        {
            if (Split(group, Mode.Other()).ChecksumMatches) OtherModeGroups++;
            handler.OnError(new TeleinfoError(TeleinfoErrorKind.Malformed, Text: Text(group)));
            return;
        }
        string label = Text(group[..layout.LabelEnd]);
        string? horodate = layout.HorodateStart < 0 ? null : Text(group[layout.HorodateStart..(layout.ValueStart - 1)]);
        string value = Text(group[layout.ValueStart..(group.Length - 2)]);
        if (layout.ChecksumMatches) ValidGroups++;
        else
        {
            if (Split(group, Mode.Other()).ChecksumMatches) OtherModeGroups++;
            handler.OnError(new TeleinfoError(TeleinfoErrorKind.BadChecksum, Text: label));
        }
        _groups.Add(new TeleinfoGroup(label, value, horodate, (char)group[^1], layout.ChecksumMatches));
    }

    /// <summary>Where a group's fields are, for a mode; <see cref="WellFormed"/> false when the group does not fit the mode's shape.</summary>
    private readonly record struct Layout(bool WellFormed, int LabelEnd, int HorodateStart, int ValueStart, bool ChecksumMatches);

    /// <summary>
    /// Splits a group (CR and LF excluded) the way <paramref name="mode"/> lays it out, and checks its
    /// checksum with that mode's rule: the low 6 bits of the byte sum plus 0x20, over label SP value
    /// (historic) or over everything up to and including the HT before the checksum (standard).
    /// </summary>
    private static Layout Split(ReadOnlySpan<byte> group, TeleinfoMode mode)
    {
        byte separator = mode == TeleinfoMode.Historic ? Sp : Ht;
        if (group.Length < 4 || group[^2] != separator) return default;
        var body = group[..^2];
        int labelEnd = body.IndexOf(separator);
        if (labelEnd < 0) return default;
        int horodateStart = -1, valueStart = labelEnd + 1;
        if (mode == TeleinfoMode.Standard)
        {
            // label HT value, or label HT horodate HT value: values may hold spaces, never a tab.
            int second = body[valueStart..].IndexOf(Ht);
            if (second >= 0)
            {
                if (body[(valueStart + second + 1)..].Contains(Ht)) return default;
                horodateStart = valueStart;
                valueStart += second + 1;
            }
        }
        var checkedSpan = mode == TeleinfoMode.Historic ? body : group[..^1];
        int sum = 0;
        foreach (byte b in checkedSpan) sum += b;
        bool matches = (byte)((sum & 0x3F) + 0x20) == group[^1];
        return new Layout(true, labelEnd, horodateStart, valueStart, matches);
    }

    private static string Text(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
}
