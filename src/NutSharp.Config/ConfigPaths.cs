namespace NutSharp.Config;

/// <summary>Where NUT's files live, honouring the same environment variables as NUT.</summary>
public static class ConfigPaths
{
    public const string DefaultConfPath = "/etc/nut";
    public const string DefaultStatePath = "/run/nut";

    /// <summary>Debian's copy of the variable/command description table.</summary>
    public const string DebianCmdVarTab = "/usr/share/nut/cmdvartab";

    /// <summary>The config directory: <c>NUT_CONFPATH</c>, else /etc/nut.</summary>
    /// <param name="environment">Looks up an environment variable (injectable for tests).</param>
    public static string ConfPath(Func<string, string?> environment) =>
        NonEmpty(environment("NUT_CONFPATH")) ?? DefaultConfPath;

    /// <summary>The driver socket directory default: <c>NUT_STATEPATH</c>, else /run/nut.</summary>
    public static string StatePath(Func<string, string?> environment) =>
        NonEmpty(environment("NUT_STATEPATH")) ?? DefaultStatePath;

    public static string ConfPath() => ConfPath(Environment.GetEnvironmentVariable);

    public static string StatePath() => StatePath(Environment.GetEnvironmentVariable);

    // An empty variable is almost certainly a mistake in a unit file; NUT would use "" and then
    // look for files in the working directory, which helps nobody.
    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
