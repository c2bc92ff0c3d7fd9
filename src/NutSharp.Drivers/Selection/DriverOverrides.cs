using NutSharp.Config;

namespace NutSharp.Drivers.Selection;

/// <summary>
/// The overrides one source gives (the command line, the environment or nutsharp.toml): sections
/// for NutSharp's built-in driver, and sections left to NUT's driver process. <see cref="DriverSelection"/>
/// weighs the sources in the order it is given them.
/// </summary>
/// <param name="source">How messages name the source: "the command line", "the environment", "nutsharp.toml".</param>
public sealed class DriverOverrides(string source)
{
    public const string CommandLine = "the command line";
    public const string Environment = "the environment";

    public string Source { get; } = source;

    public List<SectionChoice> BuiltIn { get; } = [];

    public List<SectionChoice> External { get; } = [];

    /// <summary>Adds every name of a comma-separated list (an option's value, an environment variable).</summary>
    /// <param name="label">The option or variable, e.g. "--external" or "NUTSHARP_BUILTIN".</param>
    /// <param name="onlyDriver">Limits the names to sections of this driver (the <c>--external-dummy-ups</c> alias).</param>
    public void Add(ServedBy servedBy, string? list, string label, string? onlyDriver = null)
    {
        if (string.IsNullOrEmpty(list)) return;
        var target = servedBy == ServedBy.BuiltIn ? BuiltIn : External;
        foreach (var name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            target.Add(new SectionChoice(name, label, OnlyDriver: onlyDriver));
    }

    /// <summary>The <c>[drivers]</c> table of nutsharp.toml; its names carry their file:line:column.</summary>
    public static DriverOverrides FromSettings(NutSharpSettings settings)
    {
        var overrides = new DriverOverrides(NutSharpSettings.FileName);
        string file = settings.Path ?? NutSharpSettings.FileName;
        foreach (var name in settings.Drivers.BuiltIn)
            overrides.BuiltIn.Add(new SectionChoice(name.Name, "nutsharp.toml builtin", $"{file}:{name.Line}:{name.Column}"));
        foreach (var name in settings.Drivers.External)
            overrides.External.Add(new SectionChoice(name.Name, "nutsharp.toml external", $"{file}:{name.Line}:{name.Column}"));
        return overrides;
    }
}

/// <summary>One name in an override list.</summary>
/// <param name="Name">A section name (matched as upsd matches UPS names, ignoring ASCII case), or <c>*</c> for every section.</param>
/// <param name="Label">Where it was given, as the log and messages say it: "--builtin", "NUTSHARP_EXTERNAL", "nutsharp.toml builtin".</param>
/// <param name="Location">file:line:column when it comes from a file; messages about it start with that.</param>
/// <param name="OnlyDriver">When set, the name only applies to sections of this driver.</param>
public sealed record SectionChoice(string Name, string Label, string? Location = null, string? OnlyDriver = null)
{
    public bool IsEverySection => Name == DriverSelection.EverySection;

    /// <summary>How a message starts when it is about this name: its file position, or its option or variable.</summary>
    public string Where => Location ?? Label;
}
