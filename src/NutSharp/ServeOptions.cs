using NutSharp.Drivers.Selection;

namespace NutSharp.Host;

/// <summary>upsd's command-line flags as `nutsharp serve` takes them, plus NutSharp's own.</summary>
public sealed class ServeOptions
{
    /// <summary>-F once: foreground without PID file; -FF: foreground with PID file; 0: background (upsd's default).</summary>
    public int Foreground { get; set; }

    /// <summary>-B: background even with debugging on.</summary>
    public bool Background { get; set; }

    /// <summary>Number of -D flags: each raises the log detail.</summary>
    public int Debug { get; set; }

    /// <summary>-c reload|stop: signal the running server and exit.</summary>
    public string? Signal { get; set; }

    /// <summary>-P pid: with -c, the process to signal instead of the PID file's.</summary>
    public int? Pid { get; set; }

    /// <summary>-u user: the user a server started as root becomes after binding; null: <see cref="RunAsUser.DefaultName"/>.</summary>
    public string? User { get; set; }

    public bool IPv4Only { get; set; }
    public bool IPv6Only { get; set; }

    /// <summary>--builtin, --external and the --external-dummy-ups alias: who serves which section, from the command line.</summary>
    public DriverOverrides CommandLineDrivers { get; } = new(DriverOverrides.CommandLine);

    /// <summary>NUTSHARP_BUILTIN, NUTSHARP_EXTERNAL and the NUTSHARP_EXTERNAL_DUMMY_UPS alias, read once at start-up.</summary>
    public DriverOverrides EnvironmentDrivers { get; } = new(DriverOverrides.Environment);

    public string ConfPath { get; set; } = "/etc/nut";
    public string StatePath { get; set; } = "/run/nut";

    /// <summary>Where the PID file goes (NUT_ALTPIDPATH, else the state path).</summary>
    public string PidPath { get; set; } = "/run/nut";

    /// <summary>This process is the server a background start launched (upsd after background()): it logs to syslog.</summary>
    public bool DetachedServer { get; set; }

    /// <summary>--syslog-ident, --syslog-format and the syslog socket (see <see cref="Logging.LogSettings"/>).</summary>
    public Logging.LogSettings Logging { get; } = new();

    public bool RunInForeground => Foreground > 0 || (Debug > 0 && !Background);

    public bool WritePidFile => Foreground != 1;
}
