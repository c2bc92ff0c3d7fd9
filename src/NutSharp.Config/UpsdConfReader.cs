namespace NutSharp.Config;

/// <summary>
/// Reads upsd.conf. Directive names are case-sensitive (only DEBUG_MIN is not), as in upsd.
/// Where upsd would log and carry on with a setting it could not use (a bad number, a missing
/// argument), we stop with a <see cref="ConfigException"/>: a server silently running with a
/// different MAXAGE or without a listener is worse than one that refuses to start.
/// </summary>
public static class UpsdConfReader
{
    public const int DefaultPort = 3493;

    public static UpsdSettings Read(string path) =>
        Parse(ConfigLineReader.Read(ConfigLineReader.ReadFileBytes(path), path), path);

    public static UpsdSettings Parse(string text, string fileName) =>
        Parse(ConfigLineReader.Read(text, fileName), fileName);

    private static UpsdSettings Parse(List<ConfigLine> lines, string fileName)
    {
        var settings = new UpsdSettings();
        foreach (var line in lines) Apply(settings, new Directive(line, fileName, settings.Warnings));
        return settings;
    }

    private static void Apply(UpsdSettings settings, Directive d)
    {
        string name = d.Line[0];
        if (name.Equals("DEBUG_MIN", StringComparison.OrdinalIgnoreCase))
        {
            settings.DebugMin = d.Number(1);
            return;
        }

        switch (name)
        {
            case "LISTEN":
                d.Arguments(1, 2, "an address and optionally a port");
                settings.Listen.Add(new ListenAddress(d.Line[1], d.Line.Count > 2 ? d.Port(2) : DefaultPort));
                break;
            case "MAXAGE": settings.MaxAge = d.Number(1); break;
            case "MAXCONN": settings.MaxConn = d.Number(1); break;
            case "TRACKINGDELAY": settings.TrackingDelay = d.Number(1); break;
            case "CERTREQUEST": settings.CertRequest = d.Number(1); break;
            case "STATEPATH": settings.StatePath = d.Text(1); break;
            case "DATAPATH": settings.DataPath = d.Text(1); break;
            case "CERTFILE": settings.CertFile = d.Text(1); break;
            case "CERTPATH": settings.CertPath = d.Text(1); break;
            case "CERTIDENT":
                d.Arguments(2, 2, "a certificate name and a database password");
                settings.CertIdentName = d.Line[1];
                settings.CertIdentPassword = d.Line[2];
                break;
            case "ALLOW_NO_DEVICE": settings.AllowNoDevice = d.Bool(1); break;
            case "ALLOW_NOT_ALL_LISTENERS": settings.AllowNotAllListeners = d.Bool(1); break;
            case "DISABLE_WEAK_SSL": settings.DisableWeakSsl = d.Bool(1); break;
            case "ACCEPT" or "REJECT" or "ACL":
                d.Warn($"{name} is obsolete and ignored; use LISTEN and a firewall instead");
                break;
            default:
                d.Warn($"invalid directive {d.Line.Joined()}");
                break;
        }
    }

    /// <summary>One directive line with helpers that report problems against its file and line.</summary>
    private readonly struct Directive(ConfigLine line, string fileName, List<ConfigWarning> warnings)
    {
        public ConfigLine Line { get; } = line;

        public void Warn(string message) => warnings.Add(new ConfigWarning(fileName, Line.Number, message));

        private ConfigException Error(string problem) => new(fileName, Line.Number, problem);

        /// <summary>Checks the number of arguments after the directive name.</summary>
        public void Arguments(int min, int max, string what)
        {
            int given = Line.Count - 1;
            if (given < min) throw Error($"{Line[0]} needs {what}");
            if (given > max) Warn($"{Line[0]}: ignoring extra words '{Line.Joined(max + 1)}'");
        }

        public string Text(int index)
        {
            Arguments(1, 1, "a value");
            return Line[index];
        }

        public int Number(int index)
        {
            Arguments(1, 1, "a number");
            if (!ConfigValues.TryParseNumber(Line[index], out int value))
                throw Error($"{Line[0]} needs a number, got '{Line[index]}'");
            return value;
        }

        public bool Bool(int index)
        {
            Arguments(1, 1, "a boolean (true/false, on/off, yes/no or a number)");
            if (!ConfigValues.TryParseBool(Line[index], out bool value))
                throw Error($"{Line[0]} needs a boolean (true/false, on/off, yes/no or a number), got '{Line[index]}'");
            return value;
        }

        public int Port(int index)
        {
            if (!int.TryParse(Line[index], System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
                throw Error($"{Line[0]} port must be a number from 1 to 65535, got '{Line[index]}'");
            return port;
        }
    }
}
