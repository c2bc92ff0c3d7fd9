namespace NutSharp.Config;

/// <summary>
/// A config file problem that stops start-up: which file, which line (and column, for files whose
/// grammar has them, such as nutsharp.toml), what is wrong. The message reads
/// <c>file:line: problem</c> or <c>file:line:column: problem</c>.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string file, int line, string problem)
        : this(file, line, 0, problem)
    {
    }

    public ConfigException(string file, int line, int column, string problem)
        : base(Locate(file, line, column) + ": " + problem)
    {
        File = file;
        Line = line;
        Column = column;
        Problem = problem;
    }

    public string File { get; }
    public int Line { get; }

    /// <summary>1-based column, or 0 when the file's grammar has none (upsd's files).</summary>
    public int Column { get; }

    public string Problem { get; }

    private static string Locate(string file, int line, int column) =>
        line <= 0 ? file : column <= 0 ? $"{file}:{line}" : $"{file}:{line}:{column}";
}

/// <summary>Something upsd would log and carry on from (unknown directive, obsolete key...).</summary>
public sealed record ConfigWarning(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>One <c>[section]</c> of ups.conf.</summary>
/// <param name="Options">Every other line of the section in file order: <c>key = value</c>, or a bare flag (Value null).</param>
public sealed record UpsSection(
    string Name,
    string? Driver,
    string? Port,
    string? Description,
    IReadOnlyList<KeyValuePair<string, string?>> Options,
    int Line)
{
    public string? Option(string key)
    {
        foreach (var kv in Options) if (kv.Key == key) return kv.Value;
        return null;
    }

    public bool HasFlag(string key)
    {
        foreach (var kv in Options) if (kv.Key == key) return true;
        return false;
    }
}

public sealed record UpsConf(
    IReadOnlyList<UpsSection> Devices,
    IReadOnlyList<KeyValuePair<string, string?>> Globals,
    IReadOnlyList<ConfigWarning> Warnings);

/// <summary>One LISTEN line: the address and port words as written (resolved with getaddrinfo at start-up, as upsd does) and where it was.</summary>
public sealed record ListenAddress(string Address, string Port, int Line = 0);

/// <summary>upsd.conf.</summary>
public sealed class UpsdSettings
{
    public List<ListenAddress> Listen { get; } = [];
    public int MaxAge { get; set; } = 15;
    public int? MaxConn { get; set; }
    public string? StatePath { get; set; }
    public string? DataPath { get; set; }
    public int TrackingDelay { get; set; } = 3600;
    public bool AllowNoDevice { get; set; }
    public bool AllowNotAllListeners { get; set; }
    public string? CertPath { get; set; }
    public string? CertIdentName { get; set; }
    public string? CertIdentPassword { get; set; }
    public bool DisableWeakSsl { get; set; }
    /// <summary>DEBUG_MIN, or null when upsd.conf has none (a reload tells <c>DEBUG_MIN 0</c> from no line).</summary>
    public int? DebugMin { get; set; }

    /// <summary>CERTFILE: the PEM file with the server's certificate (and chain), and its key unless <see cref="CertKeyFile"/> names another file.</summary>
    public string? CertFile { get; set; }

    /// <summary>CERTFILE's optional second word (a NutSharp addition): a separate PEM file holding the private key.</summary>
    public string? CertKeyFile { get; set; }

    public int CertFileLine { get; set; }

    /// <summary>CERTREQUEST: what is asked of clients' certificates (upsd: 0/NO, 1/REQUEST, 2/REQUIRE).</summary>
    public ClientCertificateRequest CertRequest { get; set; }

    public int CertIdentLine { get; set; }

    /// <summary>The lines of the MAXCONN, STATEPATH and CERTPATH that count (the last ones), for start-up errors.</summary>
    public int MaxConnLine { get; set; }

    public int StatePathLine { get; set; }

    public int CertPathLine { get; set; }

    public List<ConfigWarning> Warnings { get; } = [];
}

/// <summary>upsd.conf's CERTREQUEST levels, as upsd.conf(5) documents them.</summary>
public enum ClientCertificateRequest
{
    /// <summary>0 or NO: clients are not asked for a certificate.</summary>
    No = 0,

    /// <summary>1 or REQUEST: every client must present some certificate (its chain is not checked).</summary>
    Request = 1,

    /// <summary>2 or REQUIRE: every client must present a certificate whose chain the server trusts.</summary>
    Require = 2,
}

/// <summary>One <c>[user]</c> of upsd.users.</summary>
public sealed class UserAccount(string name)
{
    public string Name { get; } = name;

    /// <summary>The first <c>password</c> given wins; a user without one can never authenticate.</summary>
    public string? Password { get; set; }

    /// <summary>Upper-cased action words: SET, FSD, LOGIN, MASTER, PRIMARY (upsmon roles add LOGIN/MASTER/FSD).</summary>
    public HashSet<string> Actions { get; } = new(StringComparer.OrdinalIgnoreCase);

    public HashSet<string> InstantCommands { get; } = new(StringComparer.OrdinalIgnoreCase);

    public bool AllInstantCommands => InstantCommands.Contains("all");

    public bool HasAction(string action) => Actions.Contains(action);

    public bool MayRunCommand(string command) => AllInstantCommands || InstantCommands.Contains(command);
}

/// <summary>upsd.users: users found by case-sensitive name.</summary>
public sealed class UpsdUsers
{
    public Dictionary<string, UserAccount> Users { get; } = new(StringComparer.Ordinal);
    public List<ConfigWarning> Warnings { get; } = [];

    public UserAccount? Find(string name) => Users.GetValueOrDefault(name);
}
