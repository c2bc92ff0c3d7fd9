namespace NutSharp.Drivers.Teleinfo;

/// <summary>What went wrong in the stream; the names follow the fixtures' reference events (fixtures/README.md).</summary>
public enum TeleinfoErrorKind
{
    /// <summary>An STX arrived before the frame's ETX: the frame so far is dropped and a new one starts.</summary>
    FrameTruncated,

    /// <summary>EOT: the meter aborted the frame (it does so when it must send something urgent); it is dropped.</summary>
    FrameInterrupted,

    /// <summary>A group was still open (no CR) when the next LF or the ETX came.</summary>
    GroupTruncated,

    /// <summary>A CR with no group open.</summary>
    StrayCr,

    /// <summary>A group holds a control byte other than HT (line noise).</summary>
    NonPrintable,

    /// <summary>A group too short, without the mode's separator before its checksum, or with the wrong number of fields.</summary>
    Malformed,

    /// <summary>The checksum character does not match: the group is kept as invalid and never published.</summary>
    BadChecksum,

    /// <summary>A byte inside a frame but between groups.</summary>
    ByteOutsideGroup,

    /// <summary>More than <see cref="TeleinfoParser.MaxGroupLength"/> bytes without a CR: the group is dropped.</summary>
    GroupTooLong,
}

/// <summary>
/// One error event. <see cref="Groups"/> is the number of groups collected when a frame was cut;
/// <see cref="Text"/> the offending group's text (or the label, for a bad checksum);
/// <see cref="Byte"/> a stray byte as received, before the parity bit was cleared.
/// </summary>
public readonly record struct TeleinfoError(TeleinfoErrorKind Kind, int Groups = 0, string? Text = null, int Byte = -1);
