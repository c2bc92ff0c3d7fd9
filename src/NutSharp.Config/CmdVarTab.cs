namespace NutSharp.Config;

/// <summary>
/// Human-readable descriptions of variables and instant commands (what GET DESC and
/// GET CMDDESC answer), read from NUT's <c>cmdvartab</c>: lines <c>VARDESC name "text"</c>
/// and <c>CMDDESC name "text"</c>. Names are looked up without regard to case; when a name
/// appears twice the later text wins, as in upsd.
/// </summary>
public sealed class CmdVarTab
{
    private readonly Dictionary<string, string> _variables;
    private readonly Dictionary<string, string> _commands;

    private CmdVarTab(Dictionary<string, string> variables, Dictionary<string, string> commands, string source)
    {
        _variables = variables;
        _commands = commands;
        Source = source;
    }

    /// <summary>No descriptions at all.</summary>
    public static CmdVarTab Empty { get; } = new(NewTable(), NewTable(), "(none)");

    /// <summary>Where the descriptions came from: a file path, or "(built-in)" / "(none)".</summary>
    public string Source { get; }

    public int VariableCount => _variables.Count;

    public int CommandCount => _commands.Count;

    public string? VarDescription(string name) => _variables.GetValueOrDefault(name);

    public string? CommandDescription(string name) => _commands.GetValueOrDefault(name);

    /// <summary>
    /// <c>&lt;dataPath&gt;/cmdvartab</c> if it exists, else Debian's copy, else our built-in table.
    /// upsd 2.8.0 reads only the first and answers "Description unavailable" without it; the
    /// fallbacks are a deliberate difference (protocol-spec/README.md section 9), since NutSharp
    /// often runs where NUT's data files are not where upsd.conf says. A file that exists but
    /// cannot be read falls through to the next choice: descriptions are a convenience and never
    /// worth refusing to start for.
    /// </summary>
    public static CmdVarTab Load(string? dataPath) =>
        (dataPath is null ? null : TryLoad(Path.Combine(dataPath, "cmdvartab")))
        ?? TryLoad(ConfigPaths.DebianCmdVarTab)
        ?? BuiltIn();

    /// <summary>Reads one cmdvartab file. Lines that fail to parse are skipped, as upsd does.</summary>
    public static CmdVarTab FromFile(string path) =>
        FromLines(ConfigLineReader.Read(ConfigLineReader.ReadFileBytes(path), path, warnings: []), path);

    public static CmdVarTab Parse(string text, string sourceName) =>
        FromLines(ConfigLineReader.Read(text, sourceName, warnings: []), sourceName);

    /// <summary>Descriptions of the most common variables and commands, for machines without NUT's table.</summary>
    public static CmdVarTab BuiltIn()
    {
        var variables = NewTable();
        var commands = NewTable();
        foreach (var (name, text) in CmdVarTabBuiltIn.Variables) variables[name] = text;
        foreach (var (name, text) in CmdVarTabBuiltIn.Commands) commands[name] = text;
        return new CmdVarTab(variables, commands, "(built-in)");
    }

    private static CmdVarTab? TryLoad(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return FromFile(path);
        }
        catch (ConfigException)
        {
            return null;
        }
    }

    private static CmdVarTab FromLines(List<ConfigLine> lines, string source)
    {
        var variables = NewTable();
        var commands = NewTable();
        foreach (var line in lines)
        {
            if (line.Count < 3) continue;
            switch (line[0])
            {
                case "VARDESC": variables[line[1]] = line[2]; break;
                case "CMDDESC": commands[line[1]] = line[2]; break;
            }
        }
        return new CmdVarTab(variables, commands, source);
    }

    private static Dictionary<string, string> NewTable() => new(StringComparer.OrdinalIgnoreCase);
}
