namespace NutSharp.Config;

/// <summary>
/// Reads upsd.conf with upsd 2.8.0's acceptance (server/conf.c, Debian's NSS build): directive
/// names are case-sensitive (only DEBUG_MIN is not), a line upsd cannot use is logged and skipped,
/// never fatal, and words after the ones a directive takes are ignored. NutSharp keeps every
/// such line as a <see cref="ConfigWarning"/> naming the file and line. The only refusal decided
/// here is upsd's: a final MAXCONN below 1. Warnings name the directive but never echo its values
/// (CERTIDENT carries a database password).
/// </summary>
public static class UpsdConfReader
{
    public const int DefaultPort = 3493;

    public static UpsdSettings Read(string path)
    {
        var settings = new UpsdSettings();
        Parse(ConfigLineReader.Read(ConfigLineReader.ReadFileBytes(path), path, settings.Warnings), path, settings);
        return settings;
    }

    public static UpsdSettings Parse(string text, string fileName)
    {
        var settings = new UpsdSettings();
        Parse(ConfigLineReader.Read(text, fileName, settings.Warnings), fileName, settings);
        return settings;
    }

    private static void Parse(List<ConfigLine> lines, string fileName, UpsdSettings settings)
    {
        foreach (var line in lines) Apply(settings, new Directive(line, fileName, settings.Warnings));
        ConfigLineReader.SortByLine(settings.Warnings);

        // upsd 2.8.0 (poll_reload): "You requested 0 as maximum number of connections. The server
        // won't start until this problem is resolved." Only the last MAXCONN line counts.
        if (settings.MaxConn is < 1)
            throw new ConfigException(fileName, settings.MaxConnLine,
                "MAXCONN must be at least 1 (upsd 2.8.0 refuses to start with 0; a value not starting with a digit is ignored)");
    }

    private static void Apply(UpsdSettings settings, Directive d)
    {
        string name = d.Line[0];
        // Every directive takes at least one argument; a lone word is "invalid directive" in upsd.
        if (d.Line.Count < 2)
        {
            d.Ignored(name is "LISTEN" or "MAXAGE" or "MAXCONN" or "TRACKINGDELAY" or "STATEPATH" or "DATAPATH"
                or "CERTPATH" or "CERTIDENT" or "CERTFILE" or "CERTREQUEST" or "ALLOW_NO_DEVICE" or "ALLOW_NOT_ALL_LISTENERS" or "DISABLE_WEAK_SSL"
                or "ACCEPT" or "REJECT" or "ACL" || name.Equals("DEBUG_MIN", StringComparison.OrdinalIgnoreCase)
                ? $"{name} without a value"
                : $"invalid directive '{name}'");
            return;
        }

        if (name.Equals("DEBUG_MIN", StringComparison.OrdinalIgnoreCase))
        {
            if (ConfigValues.TryParseStrictInt(d.Line[1], out int level) && level >= 0) settings.DebugMin = level;
            else d.Ignored("DEBUG_MIN needs a whole number of 0 or more");
            d.ExtraWords(2);
            return;
        }

        switch (name)
        {
            case "MAXAGE":
                if (d.AtoiNumber() is int maxAge) settings.MaxAge = maxAge;
                break;
            case "TRACKINGDELAY":
                if (d.AtoiNumber() is int delay) settings.TrackingDelay = delay;
                break;
            case "MAXCONN":
                if (d.AtoiNumber() is int maxConn)
                {
                    settings.MaxConn = maxConn;
                    settings.MaxConnLine = d.Line.Number;
                }
                break;
            case "ALLOW_NO_DEVICE":
                // upsd: a leading digit means atoi != 0, else one of the boolean words.
                if (ConfigValues.TryParseBool(d.Line[1], out bool allow)) settings.AllowNoDevice = allow;
                else d.Ignored("ALLOW_NO_DEVICE needs a number or true/false, on/off, yes/no");
                d.ExtraWords(2);
                break;
            case "DISABLE_WEAK_SSL":
                // upsd: only the boolean words and 1/0, no other numbers.
                if (ConfigValues.TryParseBooleanWord(d.Line[1], out bool disable)) settings.DisableWeakSsl = disable;
                else d.Ignored("DISABLE_WEAK_SSL needs true/false, on/off, yes/no or 1/0");
                d.ExtraWords(2);
                break;
            case "ALLOW_NOT_ALL_LISTENERS":
                // upsd 2.8.2+; 2.8.0 does not know it, but NutSharp binds every LISTEN line as 2.8.2 does.
                if (ConfigValues.TryParseBooleanWord(d.Line[1], out bool allowPartial)) settings.AllowNotAllListeners = allowPartial;
                else d.Ignored("ALLOW_NOT_ALL_LISTENERS needs true/false, on/off, yes/no or 1/0");
                d.ExtraWords(2);
                break;
            case "STATEPATH":
                settings.StatePath = d.Line[1];
                settings.StatePathLine = d.Line.Number;
                d.ExtraWords(2);
                break;
            case "DATAPATH":
                settings.DataPath = d.Line[1];
                d.ExtraWords(2);
                break;
            case "CERTPATH":
                settings.CertPath = d.Line[1];
                settings.CertPathLine = d.Line.Number;
                d.ExtraWords(2);
                break;
            case "CERTIDENT":
                if (d.Line.Count < 3)
                {
                    d.Ignored("CERTIDENT needs a certificate name and a database password");
                    break;
                }
                settings.CertIdentName = d.Line[1];
                settings.CertIdentPassword = d.Line[2];
                settings.CertIdentLine = d.Line.Number;
                d.ExtraWords(3);
                break;
            case "LISTEN":
                settings.Listen.Add(new ListenAddress(d.Line[1],
                    d.Line.Count > 2 ? d.Line[2] : DefaultPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    d.Line.Number));
                d.ExtraWords(3);
                break;
            case "ACCEPT" or "REJECT":
                d.Warn($"{name} is no longer supported and is ignored, as in upsd; use LISTEN and a firewall instead");
                break;
            case "ACL":
                if (d.Line.Count < 3) d.Ignored("ACL without an address block");
                else d.Warn("ACL is no longer supported and is ignored, as in upsd; use LISTEN and a firewall instead");
                break;
            case "CERTFILE":
                // upsd's OpenSSL builds: one PEM file with the chain and then the key. NutSharp also
                // takes the key from a second file named after it (upsd ignores a second word).
                settings.CertFile = d.Line[1];
                settings.CertKeyFile = d.Line.Count > 2 ? d.Line[2] : null;
                settings.CertFileLine = d.Line.Number;
                d.ExtraWords(3);
                break;
            case "CERTREQUEST":
                // upsd.conf(5): 0 or NO, 1 or REQUEST, 2 or REQUIRE (2.8.0's NSS builds take the numbers).
                if (ParseCertRequest(d.Line[1]) is { } level) settings.CertRequest = level;
                else d.Ignored("CERTREQUEST needs 0/NO, 1/REQUEST or 2/REQUIRE");
                d.ExtraWords(2);
                break;
            default:
                d.Ignored($"invalid directive '{name}'");
                break;
        }
    }

    private static ClientCertificateRequest? ParseCertRequest(string word) => word.ToUpperInvariant() switch
    {
        "0" or "NO" => ClientCertificateRequest.No,
        "1" or "REQUEST" => ClientCertificateRequest.Request,
        "2" or "REQUIRE" => ClientCertificateRequest.Require,
        _ => null,
    };

    /// <summary>One directive line with helpers that report problems against its file and line.</summary>
    private readonly struct Directive(ConfigLine line, string fileName, List<ConfigWarning> warnings)
    {
        public ConfigLine Line { get; } = line;

        public void Warn(string message) => warnings.Add(new ConfigWarning(fileName, Line.Number, message));

        /// <summary>A line upsd logs and skips: NutSharp skips it too.</summary>
        public void Ignored(string problem) => Warn(problem + "; the line is ignored, as upsd ignores it");

        /// <summary>upsd silently ignores the words after the ones a directive uses; NutSharp says so.</summary>
        public void ExtraWords(int used)
        {
            if (Line.Count > used)
                Warn($"{Line[0]} takes {used - 1} value(s); the {Line.Count - used} word(s) after them are ignored, as upsd ignores them");
        }

        /// <summary>upsd's numbers: accepted when the first character is a digit, then atoi (so "15s" is 15).</summary>
        public int? AtoiNumber()
        {
            if (!ConfigValues.TryParseNumber(Line[1], out int value))
            {
                Ignored($"{Line[0]} needs a number starting with a digit");
                return null;
            }
            ExtraWords(2);
            return value;
        }
    }
}
