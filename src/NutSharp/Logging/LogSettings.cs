using System.CommandLine;

namespace NutSharp.Host.Logging;

/// <summary>
/// Where `nutsharp serve` logs, decided as upsd decides it: in the foreground to the terminal
/// (stderr); detached, to syslog through /dev/log; and, NutSharp's addition, under systemd to the
/// journal's stream with a priority on every line.
/// </summary>
public sealed class LogSettings
{
    /// <summary>Where the syslog socket is; /dev/log unless this variable names another (tests, containers).</summary>
    public const string SocketVariable = "NUTSHARP_SYSLOG_SOCKET";

    /// <summary>Set by systemd for a service whose stdout or stderr is the journal: "device:inode" of that stream.</summary>
    public const string JournalStreamVariable = "JOURNAL_STREAM";

    public const string DefaultSocketPath = "/dev/log";

    /// <summary>upsd's own name by default, so syslog filters written for upsd keep matching; <c>--syslog-ident nutsharp</c> to tell them apart.</summary>
    public const string DefaultIdent = "upsd";

    public string Ident { get; set; } = DefaultIdent;

    public SyslogFormat Format { get; set; } = SyslogFormat.Traditional;

    public string SocketPath { get; set; } = Environment.GetEnvironmentVariable(SocketVariable) is { Length: > 0 } path ? path : DefaultSocketPath;

    /// <summary>The command-line options that set <see cref="Ident"/> and <see cref="Format"/>.</summary>
    public static (Option<string?> Ident, Option<string?> Format) CreateOptions()
    {
        var ident = new Option<string?>("--syslog-ident")
        {
            Description = $"the name syslog records carry when the server runs detached (default: {DefaultIdent}; e.g. nutsharp)",
            HelpName = "name",
        };
        ident.Validators.Add(result =>
        {
            string value = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            // RFC 5424's APP-NAME: 1 to 48 printable ASCII characters without spaces.
            if (value.Length is 0 or > 48 || value.Any(c => c is <= ' ' or > '~'))
                result.AddError($"--syslog-ident {value}: 1 to 48 printable characters without spaces");
        });
        var format = new Option<string?>("--syslog-format")
        {
            Description = "the syslog record format when detached: traditional (as upsd, the default) or rfc5424",
            HelpName = "format",
        };
        format.AcceptOnlyFromAmong("traditional", "rfc5424");
        return (ident, format);
    }

    public static SyslogFormat ParseFormat(string? text) => text == "rfc5424" ? SyslogFormat.Rfc5424 : SyslogFormat.Traditional;

    /// <summary>
    /// The descriptor (1 or 2) that is the journal's stream, or null. systemd's advice
    /// (systemd.exec(5), $JOURNAL_STREAM): trust the variable only when the device and inode it
    /// names are those of the descriptor, since a child of the service may inherit the variable
    /// with its output sent elsewhere (as the detached server's is).
    /// </summary>
    public static int? JournalDescriptor()
    {
        if (Environment.GetEnvironmentVariable(JournalStreamVariable) is not { Length: > 0 } stream) return null;
        foreach (int fd in (int[])[2, 1])
            if (Interop.FileIdentity.Of(fd) == stream) return fd;
        return null;
    }
}
