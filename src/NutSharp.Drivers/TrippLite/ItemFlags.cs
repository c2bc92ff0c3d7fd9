namespace NutSharp.Drivers.TrippLite;

/// <summary>When usbhid-ups reads an item (drivers/usbhid-ups.h, HU_FLAG_*).</summary>
[Flags]
public enum ItemFlags : byte
{
    /// <summary>Read at every full update (every <c>pollfreq</c>).</summary>
    None = 0,

    /// <summary>Read once, at connection (HU_FLAG_STATIC).</summary>
    Static = 1,

    /// <summary>Read at connection and again after a SET or INSTCMD (HU_FLAG_SEMI_STATIC).</summary>
    SemiStatic = 2,

    /// <summary>Read at every poll too, not only at full updates (HU_FLAG_QUICK_POLL).</summary>
    QuickPoll = 4,

    /// <summary>Not read from the device: a NUT-side setting published when the device has the path (HU_FLAG_ABSENT).</summary>
    Absent = 8,
}
