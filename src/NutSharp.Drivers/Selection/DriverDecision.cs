namespace NutSharp.Drivers.Selection;

/// <summary>Who serves a ups.conf section.</summary>
public enum ServedBy
{
    /// <summary>NutSharp's own driver, in process.</summary>
    BuiltIn,

    /// <summary>NUT's driver process, through its socket in STATEPATH (as upsd does).</summary>
    External,
}

/// <summary>The outcome of <see cref="DriverSelection"/> for one section, with a short reason for the log.</summary>
/// <param name="Reason">Why, e.g. "default for dummy-ups", "--external", "NUTSHARP_EXTERNAL *".</param>
public sealed record DriverDecision(ServedBy ServedBy, string Reason)
{
    /// <summary>"built-in (default for dummy-ups)", "external (--external)".</summary>
    public override string ToString() => $"{(ServedBy == ServedBy.BuiltIn ? "built-in" : "external")} ({Reason})";
}
