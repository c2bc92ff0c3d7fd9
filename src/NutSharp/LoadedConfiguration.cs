using NutSharp.Config;
using NutSharp.Drivers;
using NutSharp.Drivers.Selection;

namespace NutSharp.Host;

/// <summary>
/// NUT's three files (plus cmdvartab) and NutSharp's own nutsharp.toml, read and checked together
/// at start-up and on reload, with the driver chosen for every section.
/// </summary>
internal sealed class LoadedConfiguration
{
    public required UpsdSettings Upsd { get; init; }
    public required UpsConf Ups { get; init; }
    public required UpsdUsers Users { get; init; }
    public required CmdVarTab Descriptions { get; init; }
    public required NutSharpSettings Settings { get; init; }

    /// <summary>Who serves each section of <see cref="Ups"/> (by exact section name), and why.</summary>
    public required IReadOnlyDictionary<string, DriverDecision> Drivers { get; init; }
    public required string StatePath { get; init; }
    public required List<string> Warnings { get; init; }

    /// <summary>
    /// The certificate and TLS policy (CERTFILE), read once at start-up by <see cref="LoadTls"/>
    /// while the server is still root; a reload keeps the ones it started with, as upsd does.
    /// </summary>
    public NutSharp.Server.Tls.TlsSettings? Tls { get; private set; }

    /// <summary>Reads and checks CERTFILE (a <see cref="ConfigException"/> stops start-up); its warnings join <see cref="Warnings"/>.</summary>
    public void LoadTls(string confPath) =>
        Tls = NutSharp.Server.Tls.TlsCertificateLoader.Load(Upsd, Path.Combine(confPath, "upsd.conf"), DateTime.UtcNow, Warnings);

    /// <summary>ALLOW_NO_DEVICE from upsd.conf, overridden by the environment variable of the same name.</summary>
    public bool AllowNoDevice => Environment.GetEnvironmentVariable("ALLOW_NO_DEVICE") is { } env && EnvironmentBool(env) is bool fromEnvironment
        ? fromEnvironment
        : Upsd.AllowNoDevice;

    public DriverDecision DriverFor(UpsSection section) => Drivers[section.Name];

    /// <summary>Reads everything; a <see cref="ConfigException"/> or <see cref="DriverSelectionException"/> means it must not be used.</summary>
    public static LoadedConfiguration Load(ServeOptions options) =>
        Load(options.ConfPath, options.StatePath, options.CommandLineDrivers, options.EnvironmentDrivers);

    public static LoadedConfiguration Load(string confPath, string defaultStatePath, DriverOverrides commandLine, DriverOverrides environment)
    {
        var upsdConf = Path.Combine(confPath, "upsd.conf");
        var upsConf = Path.Combine(confPath, "ups.conf");
        var usersFile = Path.Combine(confPath, "upsd.users");
        // upsd 2.8.0 stats all three files before reading them and dies when one is missing
        // ("stat .../upsd.users: No such file or directory"), upsd.users included.
        foreach (var required in new[] { upsdConf, upsConf, usersFile })
            if (!File.Exists(required)) throw new ConfigException(required, 0, "cannot open the file (upsd refuses to start without it)");

        var upsd = UpsdConfReader.Read(upsdConf);
        CheckMaxConn(upsd, upsdConf);
        // upsd 2.8.0 (NSS) stats CERTPATH when it sets up TLS and dies if it is missing.
        if (upsd.CertPath is { } certPath && !Path.Exists(certPath))
            throw new ConfigException(upsdConf, upsd.CertPathLine, "CERTPATH names a directory that does not exist (upsd refuses to start on it too)");
        // upsd 2.8.0: STATEPATH in upsd.conf beats the environment, and upsd cannot start without it.
        string statePath = upsd.StatePath ?? defaultStatePath;
        if (!Directory.Exists(statePath))
            throw upsd.StatePath is null
                ? new ConfigException(statePath, 0, "the state directory (NUT_STATEPATH) does not exist (upsd refuses to start without it)")
                : new ConfigException(upsdConf, upsd.StatePathLine, "STATEPATH names a directory that does not exist (upsd refuses to start without it)");

        var ups = UpsConfReader.Read(upsConf);
        var warnings = new List<string>();
        warnings.AddRange(upsd.Warnings.Select(w => w.ToString()));
        warnings.AddRange(ups.Warnings.Select(w => w.ToString()));
        UpsdUsers users;
        try
        {
            users = UpsdUsersReader.Read(usersFile);
            warnings.AddRange(users.Warnings.Select(w => w.ToString()));
        }
        catch (ConfigException e)
        {
            // There but unreadable: upsd logs it and runs with no users.
            users = new UpsdUsers();
            warnings.Add($"{e.Message}; no user can log in");
        }

        var settings = NutSharpSettingsReader.Load(confPath);
        // Command line over environment over nutsharp.toml.
        var drivers = DriverSelection.Decide(
            [.. ups.Devices.Select(DriverFactory.Describe)],
            [commandLine, environment, DriverOverrides.FromSettings(settings)]);
        warnings.AddRange(drivers.Warnings);

        return new LoadedConfiguration
        {
            Upsd = upsd,
            Ups = ups,
            Users = users,
            Settings = settings,
            Drivers = drivers.Decisions,
            Descriptions = CmdVarTab.Load(upsd.DataPath),
            StatePath = statePath,
            Warnings = warnings,
        };
    }

    /// <summary>
    /// upsd 2.8.0 refuses a MAXCONN above the open-files limit (sysconf(_SC_OPEN_MAX)): "Your
    /// system limits the maximum number of connections to N but you requested M".
    /// </summary>
    private static void CheckMaxConn(UpsdSettings upsd, string upsdConf)
    {
        if (upsd.MaxConn is not int maxConn) return;
        long limit = Interop.Limits.OpenFilesLimit();
        if (limit > 0 && maxConn > limit)
            throw new ConfigException(upsdConf, upsd.MaxConnLine,
                $"MAXCONN is above this system's open-files limit of {limit} (upsd refuses to start on it too; raise the limit or lower MAXCONN)");
    }

    /// <summary>upsd's reading of the ALLOW_NO_DEVICE variable: a prefix of TRUE/YES/ON/1 or FALSE/NO/OFF/0, else no say.</summary>
    private static bool? EnvironmentBool(string value)
    {
        foreach (var yes in new[] { "TRUE", "YES", "ON", "1" })
            if (value.StartsWith(yes, StringComparison.OrdinalIgnoreCase)) return true;
        foreach (var no in new[] { "FALSE", "NO", "OFF", "0" })
            if (value.StartsWith(no, StringComparison.OrdinalIgnoreCase)) return false;
        return null;
    }
}
