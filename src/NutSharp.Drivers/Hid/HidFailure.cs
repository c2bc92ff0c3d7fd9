namespace NutSharp.Drivers.Hid;

/// <summary>What went wrong talking to a HID device, so the driver can tell a missing report from a missing device.</summary>
public enum HidFailure : byte
{
    /// <summary>The device is gone (unplugged, ENODEV/ENOENT/EIO): reconnect.</summary>
    Gone,

    /// <summary>The device refused this one report (EPIPE: a STALL): skip the item, as NUT does.</summary>
    Refused,

    /// <summary>A report came back shorter than the descriptor says, or with another ID.</summary>
    BadReport,

    /// <summary>Permission denied on the node.</summary>
    Access,

    /// <summary>Timeouts and other I/O errors.</summary>
    Other,
}
