using System.Runtime.Versioning;
using System.Globalization;

namespace NutSharp.Drivers.Enphase;

/// <summary>
/// An enphase-monitor config file, read as the script reads it: the same keys, defaults and
/// minimums, relative PORT_FILE and TOKEN_FILE taken from STATE_DIR, and the same refusals
/// (readable by others, keys missing, STATE_DIR unwritable or writable by others).
/// </summary>
public sealed class EnphaseConfig
{
    public const string DefaultLoginUrl = "https://enlighten.enphaseenergy.com/login/login.json?";
    public const string DefaultTokensUrl = "https://entrez.enphaseenergy.com/tokens";

    public required string ConfigPath { get; init; }
    public required string Ups { get; init; }
    public required string Username { get; init; }
    public required string Password { get; init; }
    public required string Serial { get; init; }

    /// <summary>Absolute or relative to the working directory, after STATE_DIR was put in front of a relative PORT_FILE.</summary>
    public required string PortFile { get; init; }
    public required string EnvoyHost { get; init; }
    public required string StateDir { get; init; }
    public required string TokenFile { get; init; }
    public int PollFrequency { get; init; } = 60;
    public int PollFrequencyAlert { get; init; } = 20;
    public int LoadKwh { get; init; } = 768;
    public int LoginTimeout { get; init; } = 10;

    /// <summary>10, as the script's code says (its README says 5: quirk Q12).</summary>
    public int ApiTimeout { get; init; } = 10;
    public bool DisableMeters { get; init; }

    /// <summary>DEBUG set in the config file (the script's test.conf sets DEBUG=1); 0 when not set.</summary>
    public int Debug { get; init; }
    public string LoginUrl { get; init; } = DefaultLoginUrl;
    public string TokensUrl { get; init; } = DefaultTokensUrl;

    /// <summary>TEST mode's canned answers, when TEST is set.</summary>
    public EnphaseTestAnswers? Test { get; init; }

    /// <summary><c>$NUT_SYSCONFIG/enphase-UPS.conf</c>, the config the script uses when only a UPS name is given.</summary>
    public static string DefaultPathFor(string ups, Func<string, string?> environment) =>
        Path.Combine(ConfigDirectory(environment), $"enphase-{ups}.conf");

    /// <summary>NUT_SYSCONFIG, else NUT_CONFPATH, else Debian's /etc/nut. (STATE_DIR's last default, /run/nut, is Debian's STATEPATH, as for `serve`.)</summary>
    public static string ConfigDirectory(Func<string, string?> environment) =>
        NonEmpty(environment("NUT_SYSCONFIG")) ?? NonEmpty(environment("NUT_CONFPATH")) ?? "/etc/nut";

    /// <summary>
    /// Reads and checks <paramref name="path"/>. <paramref name="ups"/> is the UPS from the command
    /// line or $UPS; the file may set its own. Throws <see cref="EnphaseFatalException"/> where the script dies.
    /// </summary>
    [SupportedOSPlatform("linux")]
    public static EnphaseConfig Load(string path, string? ups, Func<string, string?> environment)
    {
        if (!SecretFileChecks.IsReadableFile(path)) throw new EnphaseFatalException($"Unable to read config '{path}'");
        SecretFileChecks.CheckFile("config", path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EnphaseFatalException($"Unable to read config '{path}'");
        }

        // The script's defaults are set before the file is sourced, so the file sees and may override them.
        var values = ShellConfigFile.Parse(text, path, environment);
        string? Get(string key) => values.TryGetValue(key, out var v) ? v : null;
        int Number(string key, int defaultValue, int minimum)
        {
            var text = Get(key);
            if (text is null) return defaultValue;
            text = text.Trim();
            // bash's `local -i` makes an empty value 0 (then raised to the minimum); anything else
            // non-numeric bash would evaluate as an expression: refused here instead of guessed.
            if (text.Length == 0) return minimum;
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n))
                throw new EnphaseFatalException($"Config {path}: {key} must be a whole number of seconds or watts, found '{text}'");
            return (int)Math.Clamp(n, minimum, int.MaxValue);
        }

        var resolvedUps = NonEmpty(Get("UPS")) ?? NonEmpty(ups);
        var stateDir = Get("STATE_DIR") ?? NonEmpty(environment("NUT_LOCALSTATE")) ?? NonEmpty(environment("NUT_STATEPATH")) ?? "/run/nut";
        var envoyHost = Get("ENVOY_HOST") ?? "envoy.local";
        var required = new (string Key, string? Value)[]
        {
            ("USERNAME", Get("USERNAME")), ("PASSWORD", Get("PASSWORD")), ("SERIAL", Get("SERIAL")),
            ("ENVOY_HOST", envoyHost), ("STATE_DIR", stateDir), ("PORT_FILE", Get("PORT_FILE")),
        };
        var missing = required.Where(r => string.IsNullOrEmpty(r.Value)).Select(r => r.Key).ToList();
        int pollFrequency = Number("POLLFREQ", 60, 5);
        int pollFrequencyAlert = Number("POLLFREQALERT", 20, 5);
        int loginTimeout = Number("LOGIN_TIMEOUT", 10, 5);
        int apiTimeout = Number("API_TIMEOUT", 10, 2);
        int loadKwh = Number("LOADKWH", 768, int.MinValue);
        if (missing.Count > 0) throw new EnphaseFatalException($"Config {path} requires values for {string.Join(' ', missing)}");

        if (resolvedUps is null) throw new EnphaseUsageException("UPS must be set (env, <config> or as argument)");
        if (!SecretFileChecks.IsWritableDirectory(stateDir)) throw new EnphaseFatalException($"STATE_DIR '{stateDir}' not writable!");
        SecretFileChecks.CheckDirectory("state", stateDir);

        var tokenFile = NonEmpty(Get("TOKEN_FILE")) ?? $"enphase-{resolvedUps}.token";
        if (!tokenFile.StartsWith('/')) tokenFile = $"{stateDir}/{tokenFile}";
        var portFile = Get("PORT_FILE")!;
        if (!portFile.StartsWith('/')) portFile = $"{stateDir}/{portFile}";
        var portDirectory = SecretFileChecks.DirectoryOf(portFile);
        if (!SecretFileChecks.IsWritableDirectory(portDirectory)) throw new EnphaseFatalException($"Port file directory '{portDirectory}' not writable");

        int debug = 0;
        if (NonEmpty(Get("DEBUG")) is { } debugText)
            debug = int.TryParse(debugText, NumberStyles.None, CultureInfo.InvariantCulture, out int level) && level > 0 ? level : 1;

        return new EnphaseConfig
        {
            ConfigPath = path,
            Ups = resolvedUps,
            Username = Get("USERNAME")!,
            Password = Get("PASSWORD")!,
            Serial = Get("SERIAL")!,
            PortFile = portFile,
            EnvoyHost = envoyHost,
            StateDir = stateDir,
            TokenFile = tokenFile,
            PollFrequency = pollFrequency,
            PollFrequencyAlert = pollFrequencyAlert,
            LoadKwh = loadKwh,
            LoginTimeout = loginTimeout,
            ApiTimeout = apiTimeout,
            DisableMeters = !string.IsNullOrEmpty(Get("DISABLE_METERS")),
            Debug = debug,
            LoginUrl = NonEmpty(Get("ENPHASE_LOGIN")) ?? DefaultLoginUrl,
            TokensUrl = NonEmpty(Get("ENPHASE_TOKENS")) ?? DefaultTokensUrl,
            Test = string.IsNullOrEmpty(Get("TEST")) ? null : new EnphaseTestAnswers
            {
                Session = Get("TEST_SESS") ?? "",
                Token = Get("TEST_TOKEN") ?? "",
                Relay = Get("TEST_RELAY") ?? "",
                Live = Get("TEST_LIVE") ?? "",
                Reports = Get("TEST_REPORTS") ?? "",
                SecCtrl = Get("TEST_SECCTRL") ?? "",
                Info = Get("TEST_INFO") ?? "",
            },
        };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>TEST mode: each API call is answered from one of these config values; an empty one fails that call.</summary>
public sealed class EnphaseTestAnswers
{
    public string Session { get; init; } = "";
    public string Token { get; init; } = "";

    /// <summary>With @RELAY_STATE@ replaced by closed or open.</summary>
    public string Relay { get; init; } = "";

    /// <summary>With @BATT_SOC@ replaced by the cycle's charge.</summary>
    public string Live { get; init; } = "";
    public string Reports { get; init; } = "";
    public string SecCtrl { get; init; } = "";
    public string Info { get; init; } = "";
}
