namespace NutSharp.Drivers.DummyUps;

/// <summary>How the definition file is re-read.</summary>
public enum DummyUpsMode : byte
{
    /// <summary>Read to the end once; read again only when the file changes (<c>.dev</c>).</summary>
    Once,
    /// <summary>Start a new pass every poll cycle once the previous one has ended (<c>.seq</c> and anything else).</summary>
    Loop,
    /// <summary><c>upsname@host</c>: a NUT client of another upsd. Not built in.</summary>
    Repeater,
}

/// <summary>The mode the driver settled on and the name it reports in <c>driver.parameter.mode</c>.</summary>
public readonly record struct ResolvedMode(DummyUpsMode Mode, string ReportedName)
{
    /// <summary>
    /// dummy-ups 2.8.0's choice: an explicit, known <c>mode</c> wins; otherwise a port containing
    /// <c>@</c> means repeater, a <c>.seq</c> port loops, a <c>.dev</c> port is read once, and
    /// anything else loops under the legacy name "dummy". An unknown mode is not rejected (the
    /// validity test of 2.8.0 can never fire), so it falls through to guessing from the file name,
    /// except for the repeater test, which only looks at <c>@</c> when no mode was given at all.
    /// All comparisons are case-sensitive, as in the C code.
    /// </summary>
    public static ResolvedMode Resolve(string? modeOption, string port)
    {
        if (modeOption == "repeater" || (modeOption is null && port.Contains('@')))
            return new(DummyUpsMode.Repeater, "repeater");
        switch (modeOption)
        {
            case "dummy-once": return new(DummyUpsMode.Once, "dummy-once");
            case "dummy-loop":
            case "dummy": return new(DummyUpsMode.Loop, "dummy-loop");
        }
        if (port.EndsWith(".seq", StringComparison.Ordinal)) return new(DummyUpsMode.Loop, "dummy-loop");
        if (port.EndsWith(".dev", StringComparison.Ordinal)) return new(DummyUpsMode.Once, "dummy-once");
        return new(DummyUpsMode.Loop, "dummy");
    }
}
