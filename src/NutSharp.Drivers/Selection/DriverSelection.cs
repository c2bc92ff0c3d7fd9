using NutSharp.Protocol;

namespace NutSharp.Drivers.Selection;

/// <summary>
/// The one rule deciding, for every ups.conf section, whether NutSharp's built-in driver serves it
/// or NUT's own driver process does (through its socket in STATEPATH).
/// <list type="bullet">
/// <item>Defaults: built-in for dummy-ups (a simulation: nothing to fight NUT over) and for drivers
/// NUT does not have; NUT's process for every driver NUT has, so that a drop-in replacement of upsd
/// never competes with NUT's driver for a device; NUT's process, necessarily, wherever NutSharp has
/// no built-in driver.</item>
/// <item>Overrides come from several sources, weighed in the order given (command line, then the
/// environment, then nutsharp.toml); the first source that speaks about a section decides. Within
/// one source a section's own name beats <c>*</c>.</item>
/// <item><c>builtin = *</c> only takes sections that have a built-in driver (the others stay
/// external); <c>external = *</c> only takes sections whose driver NUT has (a section whose driver
/// only NutSharp has stays built-in: there is no NUT process to hand it to). A section's own name
/// is always obeyed, or refused.</item>
/// <item>Errors (whatever the precedence): a section named in both lists of one source, <c>*</c>
/// in both lists of one source, and a section named for the built-in driver that NutSharp does
/// not have. A name that matches no section is a warning.</item>
/// </list>
/// </summary>
public static class DriverSelection
{
    public const string EverySection = "*";

    /// <summary>Decides for every section; throws <see cref="DriverSelectionException"/> on contradictions.</summary>
    /// <param name="sources">Highest precedence first.</param>
    public static DriverSelectionResult Decide(IReadOnlyList<SectionDriver> sections, IReadOnlyList<DriverOverrides> sources)
    {
        foreach (var source in sources) CheckSource(source);
        var decisions = new Dictionary<string, DriverDecision>(StringComparer.Ordinal);
        foreach (var section in sections)
        {
            foreach (var source in sources) CheckSection(section, source);
            decisions[section.Name] = Decide(section, sources);
        }
        return new DriverSelectionResult(decisions, UnmatchedNames(sections, sources));
    }

    private static DriverDecision Decide(SectionDriver section, IReadOnlyList<DriverOverrides> sources)
    {
        foreach (var source in sources)
        {
            if (Named(source.BuiltIn, section) is { } builtIn) return new DriverDecision(ServedBy.BuiltIn, builtIn.Label);
            if (Named(source.External, section) is { } external) return new DriverDecision(ServedBy.External, external.Label);
            if (EveryBuiltIn(source, section) is { } allBuiltIn) return new DriverDecision(ServedBy.BuiltIn, allBuiltIn.Label + " *");
            if (EveryExternal(source, section) is { } allExternal) return new DriverDecision(ServedBy.External, allExternal.Label + " *");
        }
        return Default(section);
    }

    private static DriverDecision Default(SectionDriver section)
    {
        if (!section.HasBuiltIn)
            return new DriverDecision(ServedBy.External, $"NutSharp has no built-in {section.DescribeDriver}");
        if (section.Driver == "dummy-ups")
            return new DriverDecision(ServedBy.BuiltIn, "default for dummy-ups");
        return section.NutHasDriver
            ? new DriverDecision(ServedBy.External, $"default for {section.Driver}, which NUT has")
            : new DriverDecision(ServedBy.BuiltIn, $"default for {section.Driver}, which NUT does not have");
    }

    /// <summary><c>*</c> in both lists of one source cannot mean anything.</summary>
    private static void CheckSource(DriverOverrides source)
    {
        var builtIn = source.BuiltIn.FirstOrDefault(c => c.IsEverySection && c.OnlyDriver is null);
        var external = source.External.FirstOrDefault(c => c.IsEverySection && c.OnlyDriver is null);
        if (builtIn is not null && external is not null)
            throw new DriverSelectionException($"{Where(source, external)}: '*' is in both {builtIn.Label} and {external.Label}");
    }

    private static void CheckSection(SectionDriver section, DriverOverrides source)
    {
        var builtIn = Named(source.BuiltIn, section);
        var external = Named(source.External, section);
        if (builtIn is not null && external is not null)
            throw new DriverSelectionException($"{Where(source, external)}: [{section.Name}] is named in both {builtIn.Label} and {external.Label}");
        if (builtIn is not null && !section.HasBuiltIn)
            throw new DriverSelectionException(
                $"{builtIn.Where}: [{section.Name}] uses {section.DescribeDriver}, which NutSharp has no built-in driver for; only NUT's driver process can serve it");
        if (builtIn is null && external is null
            && EveryBuiltIn(source, section) is { } allBuiltIn && EveryExternal(source, section) is { } allExternal)
            throw new DriverSelectionException($"{Where(source, allExternal)}: [{section.Name}] is taken by both {allBuiltIn.Label} * and {allExternal.Label} *");
    }

    private static List<string> UnmatchedNames(IReadOnlyList<SectionDriver> sections, IReadOnlyList<DriverOverrides> sources)
    {
        var warnings = new List<string>();
        foreach (var source in sources)
            foreach (var choice in source.BuiltIn.Concat(source.External))
                if (!choice.IsEverySection && !sections.Any(s => NameComparer.Instance.Equals(s.Name, choice.Name)))
                    warnings.Add($"{choice.Where}: no section [{choice.Name}] in ups.conf");
        return warnings;
    }

    /// <summary>A message about a source starts with the file position when there is one, else names the source.</summary>
    private static string Where(DriverOverrides source, SectionChoice choice) => choice.Location ?? source.Source;

    private static bool AppliesTo(SectionChoice choice, SectionDriver section) =>
        choice.OnlyDriver is null || choice.OnlyDriver == section.Driver;

    private static SectionChoice? Named(List<SectionChoice> choices, SectionDriver section) =>
        choices.FirstOrDefault(c => !c.IsEverySection && AppliesTo(c, section) && NameComparer.Instance.Equals(c.Name, section.Name));

    private static SectionChoice? EveryBuiltIn(DriverOverrides source, SectionDriver section) =>
        section.HasBuiltIn ? source.BuiltIn.FirstOrDefault(c => c.IsEverySection && AppliesTo(c, section)) : null;

    private static SectionChoice? EveryExternal(DriverOverrides source, SectionDriver section) =>
        section.NutHasDriver || !section.HasBuiltIn ? source.External.FirstOrDefault(c => c.IsEverySection && AppliesTo(c, section)) : null;
}

/// <summary>What <see cref="DriverSelection.Decide(IReadOnlyList{SectionDriver}, IReadOnlyList{DriverOverrides})"/> found.</summary>
/// <param name="Decisions">By exact section name.</param>
/// <param name="Warnings">Names that match no section, each starting with where it was given.</param>
public sealed record DriverSelectionResult(IReadOnlyDictionary<string, DriverDecision> Decisions, IReadOnlyList<string> Warnings);
