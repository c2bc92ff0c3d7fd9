namespace NutSharp.Config;

/// <summary>Placeholder until the cmdvartab reader lands (same API).</summary>
public sealed class CmdVarTab
{
    public static CmdVarTab Empty { get; } = new();
    public static CmdVarTab Load(string? dataPath) => Empty;
    public string? VarDescription(string name) => null;
    public string? CommandDescription(string name) => null;
}
