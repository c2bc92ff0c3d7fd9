namespace NutSharp.Config;

/// <summary>
/// NutSharp's own settings, read from <c>nutsharp.toml</c> in NUT_CONFPATH: everything NutSharp
/// needs that upsd's files have no place for. One property per TOML table; a missing file or
/// table leaves that property at its defaults. A new table (e.g. <c>[http]</c>) is one more
/// property here and one more entry in <see cref="NutSharpSettingsReader"/>'s schema.
/// </summary>
public sealed class NutSharpSettings
{
    public const string FileName = "nutsharp.toml";

    /// <summary>The file these settings were read from; null when there was none (every default).</summary>
    public string? Path { get; init; }

    /// <summary><c>[drivers]</c>.</summary>
    public DriverSettings Drivers { get; init; } = new();

    /// <summary><c>[server]</c>.</summary>
    public ServerSettings Server { get; init; } = new();

    /// <summary><c>[http]</c> (<see cref="HttpSettings"/>): off unless it names a listen address.</summary>
    public HttpSettings Http { get; init; } = new();
}

/// <summary><c>[server]</c>: the NUT server's own limits, beyond upsd.conf's.</summary>
public sealed class ServerSettings
{
    /// <summary>
    /// <c>output_budget_mb</c>: how many megabytes of replies all clients that do not read them may
    /// hold together before the worst are closed; 0 closes a client as soon as a reply does not fit
    /// in its socket, as upsd does. Null: the default (32 MB) or NUTSHARP_OUTPUT_BUDGET_MB.
    /// </summary>
    public long? OutputBudgetMegabytes { get; init; }
}

/// <summary>
/// <c>[drivers]</c>: which ups.conf sections NutSharp's built-in drivers serve and which are left
/// to NUT's own driver processes (through their sockets in STATEPATH), where the default is not
/// wanted. Either list may hold <c>"*"</c>, meaning every section.
/// </summary>
public sealed class DriverSettings
{
    /// <summary><c>builtin = [...]</c>.</summary>
    public IReadOnlyList<SectionReference> BuiltIn { get; init; } = [];

    /// <summary><c>external = [...]</c>.</summary>
    public IReadOnlyList<SectionReference> External { get; init; } = [];
}

/// <summary>A ups.conf section name (or <c>*</c>) as written in nutsharp.toml, with its 1-based position for messages.</summary>
public sealed record SectionReference(string Name, int Line, int Column);
