using NutSharp.Protocol;

namespace NutSharp.Testing;

/// <summary>One variable a <see cref="FakeNutDriver"/> dumps: value (raw), flags, STRING length, ENUM and RANGE lists.</summary>
/// <param name="Flags">Flag words as a driver sends them after SETFLAGS (<c>RW</c>, <c>STRING</c>, <c>NUMBER</c>); empty for none.</param>
/// <param name="Aux">STRING maximum length; 0 sends no SETAUX.</param>
public sealed record FakeNutDriverVariable(
    string Name,
    string Value,
    string[]? Flags = null,
    int Aux = 0,
    string[]? Enums = null,
    (int Min, int Max)[]? Ranges = null);

/// <summary>
/// Builds the lines a NUT driver sends in reply to DUMPALL, in the order and style of
/// protocol.md §12: per variable <c>SETINFO</c> with the escaped value, its <c>ADDENUM</c> and
/// <c>ADDRANGE</c> lines, <c>SETAUX</c> if aux is non-zero, <c>SETFLAGS</c> if it has flags; then the
/// <c>ADDCMD</c> lines, <c>DATAOK</c> and <c>DUMPDONE</c>.
/// </summary>
public static class FakeNutDriverDump
{
    /// <summary>The <c>fake</c> device of protocol.md §16, deliberately not in sorted order.</summary>
    public static IReadOnlyList<FakeNutDriverVariable> DefaultVariables { get; } =
    [
        new("ups.status", "OL"),
        new("Zeta.Var", "last"),
        new("alpha.var", "first"),
        new("ups.mfr", "Fake \"Corp\" \\ #1"),
        new("ups.model", "FakeUPS 3000"),
        new("battery.charge", "100"),
        new("battery.charge.low", "10", ["RW", "NUMBER"], Ranges: [(5, 50)]),
        new("input.transfer.low", "100", ["RW"], Enums: ["103", "95", "100", "98"]),
        // 120-150 repeats a min and 200-140 has min > max: a compatible server drops both.
        new("input.transfer.high", "130", ["RW", "NUMBER"], Ranges: [(120, 130), (135, 140), (120, 150), (200, 140)]),
        new("ups.id", "fake1", ["RW", "STRING"], Aux: 8),
        new("ups.delay.shutdown", "20", ["RW"]),
        // The second "enabled" is a duplicate a compatible server drops.
        new("ups.beeper.status", "enabled", ["RW", "STRING"], Aux: 16, Enums: ["enabled", "disabled", "say \"hi\"", "enabled"]),
        new("output.voltage.nominal", "230", ["RW"], Enums: ["230", "240", "220"], Ranges: [(200, 250)]),
        new("ups.test.result", "No test initiated", ["STRING"], Aux: 32),
        new("ups.empty", ""),
        new("ups.badaux", "x", ["RW", "STRING"], Aux: 0),
        new("ups_under.score", "u"),
    ];

    /// <summary>The commands of the <c>fake</c> device; the <c>cmd.*</c> ones steer the default tracking answers.</summary>
    public static IReadOnlyList<string> DefaultCommands { get; } =
    [
        "test.battery.start", "load.off", "Beeper.Toggle", "load.on", "cmd.failed",
        "cmd.invalid", "cmd.unknown", "cmd.pending", "cmd.conversion", "shutdown.return",
    ];

    /// <summary>The full default dump (ends with DATAOK and DUMPDONE).</summary>
    public static IReadOnlyList<string> DefaultLines { get; } = Build(DefaultVariables, DefaultCommands);

    public static IReadOnlyList<string> Build(IEnumerable<FakeNutDriverVariable> variables, IEnumerable<string> commands)
    {
        var lines = new List<string>();
        foreach (var v in variables) lines.AddRange(VariableLines(v));
        foreach (var c in commands) lines.Add($"ADDCMD {c}");
        lines.Add("DATAOK");
        lines.Add("DUMPDONE");
        return lines;
    }

    /// <summary>The dump lines of one variable (also usable as a live update).</summary>
    public static IEnumerable<string> VariableLines(FakeNutDriverVariable v)
    {
        yield return $"SETINFO {v.Name} \"{Escaping.Encode(v.Value)}\"";
        foreach (var e in v.Enums ?? []) yield return $"ADDENUM {v.Name} \"{Escaping.Encode(e)}\"";
        foreach (var (min, max) in v.Ranges ?? []) yield return $"ADDRANGE {v.Name} {min} {max}";
        if (v.Aux != 0) yield return $"SETAUX {v.Name} {v.Aux}";
        if (v.Flags is { Length: > 0 }) yield return $"SETFLAGS {v.Name} {string.Join(' ', v.Flags)}";
    }
}
