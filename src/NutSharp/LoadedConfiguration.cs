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

    /// <summary>ALLOW_NO_DEVICE from upsd.conf, overridden by the environment variable of the same name.</summary>
    public bool AllowNoDevice => Environment.GetEnvironmentVariable("ALLOW_NO_DEVICE") is { Length: > 0 } env
        ? IsTrue(env)
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
        if (!File.Exists(upsdConf)) throw new ConfigException(upsdConf, 0, "cannot open the file (upsd refuses to start without it)");
        if (!File.Exists(upsConf)) throw new ConfigException(upsConf, 0, "cannot open the file (upsd refuses to start without it)");

        var upsd = UpsdConfReader.Read(upsdConf);
        var ups = UpsConfReader.Read(upsConf);
        var warnings = new List<string>();
        warnings.AddRange(upsd.Warnings.Select(w => w.ToString()));
        warnings.AddRange(ups.Warnings.Select(w => w.ToString()));
        UpsdUsers users;
        if (File.Exists(usersFile))
        {
            users = UpsdUsersReader.Read(usersFile);
            warnings.AddRange(users.Warnings.Select(w => w.ToString()));
        }
        else
        {
            users = new UpsdUsers();
            warnings.Add($"{usersFile}: cannot open the file; no user can log in");
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
            // upsd 2.8.0: STATEPATH in upsd.conf beats the environment.
            StatePath = upsd.StatePath ?? defaultStatePath,
            Warnings = warnings,
        };
    }

    private static bool IsTrue(string value) => value.ToLowerInvariant() switch
    {
        "true" or "on" or "yes" => true,
        "false" or "off" or "no" => false,
        _ => int.TryParse(value, out var n) && n != 0,
    };
}
