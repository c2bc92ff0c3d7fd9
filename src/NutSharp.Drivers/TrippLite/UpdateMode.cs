namespace NutSharp.Drivers.TrippLite;

/// <summary>usbhid-ups' walk modes (HU_WALKMODE_*).</summary>
public enum UpdateMode : byte
{
    /// <summary>After connecting: everything, static values included.</summary>
    Init,

    /// <summary>Every <c>pollfreq</c>, and right after a SET or INSTCMD: everything but static values.</summary>
    Full,

    /// <summary>Every <c>pollinterval</c> in between: only the quick-poll items (status bits, timers).</summary>
    Quick,
}
