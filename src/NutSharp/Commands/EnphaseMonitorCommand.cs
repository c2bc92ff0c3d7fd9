using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using NutSharp.Drivers.Enphase;

namespace NutSharp.Host.Commands;

/// <summary>
/// <c>nutsharp enphase-monitor [options] -c config | ups</c>: NUT's enphase-monitor script as one
/// native command, with the script's options, environment variables and exit statuses (0, 1 for
/// a fatal condition, 2 for a usage error), so a setup switches by changing the command only.
/// The options are read as the script reads them (one word each, in any order until the UPS name),
/// not by System.CommandLine, whose conventions (e.g. its own -h, its exit status for an unknown
/// option) differ.
/// </summary>
internal static class EnphaseMonitorCommand
{
    public const string Name = "enphase-monitor";

    /// <summary>Runs the command; <paramref name="args"/> are the words after its name.</summary>
    [SupportedOSPlatform("linux")]
    public static int Run(string[] args, Func<string, string?>? environment = null, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        string? configFile = NonEmpty(environment("CONFIG_FILE"));
        string? ups = NonEmpty(environment("UPS"));
        int debug = 0;
        bool verbose = false;
        var mode = EnphaseRunMode.Continuous;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-c":
                    if (i + 1 >= args.Length || args[i + 1].Length == 0) return Usage(stderr, environment, 2);
                    configFile = args[++i];
                    break;
                case "-d": debug++; break;
                case "-h" or "--help": return Usage(stdout, environment, 0);
                case "-s": if (mode == EnphaseRunMode.Continuous) mode = EnphaseRunMode.Single; break;
                case "-v": verbose = true; break;
                case "-x": mode = EnphaseRunMode.NoComms; break;
                case var option when option.StartsWith('-'):
                    stderr.WriteLine($"Unknown option: '{option}'");
                    return Usage(stderr, environment, 2);
                default:
                    ups = args[i];
                    i = args.Length;
                    break;
            }
        }

        if (configFile is null && ups is null) return Usage(stderr, environment, 2);
        var path = configFile ?? EnphaseConfig.DefaultPathFor(ups!, environment);
        var log = new ConsoleEnphaseLog(debug, verbose, stdout, stderr);
        EnphaseConfig config;
        try
        {
            config = EnphaseConfig.Load(path, ups, environment);
        }
        catch (EnphaseFatalException e)
        {
            stderr.WriteLine($"enphase-monitor {ups}: {e.Message}");
            return 1;
        }
        catch (EnphaseUsageException e)
        {
            stderr.WriteLine(e.Message);
            return Usage(stderr, environment, 2);
        }
        // DEBUG set in the config (the script's test.conf does) counts as -d.
        if (config.Debug > debug) log.DebugLevel = config.Debug;
        log.Debug($"config {path}: UPS={config.Ups} USERNAME={config.Username} PASSWORD=<hidden> SERIAL={config.Serial} ENVOY_HOST={config.EnvoyHost} "
            + $"STATE_DIR={config.StateDir} PORT_FILE={config.PortFile} TOKEN_FILE={config.TokenFile} POLLFREQ={config.PollFrequency} "
            + $"POLLFREQALERT={config.PollFrequencyAlert} LOGIN_TIMEOUT={config.LoginTimeout} API_TIMEOUT={config.ApiTimeout}");

        using var stop = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        try
        {
            new EnphaseMonitor(config, log).RunAsync(mode, stop.Token).GetAwaiter().GetResult();
            return 0;
        }
        catch (EnphaseFatalException e)
        {
            stderr.WriteLine($"enphase-monitor {config.Ups}: {e.Message}");
            return 1;
        }
    }

    private static int Usage(TextWriter output, Func<string, string?> environment, int status)
    {
        output.WriteLine("Usage: nutsharp enphase-monitor [ <options> ] -c <config> | <ups>");
        output.WriteLine("  -c <config> - use named config-file (or set $CONFIG_FILE)");
        output.WriteLine($"  <ups> - use config-file {EnphaseConfig.DefaultPathFor("<ups>", environment)} (or set $UPS)");
        output.WriteLine();
        output.WriteLine("<options> may include:");
        output.WriteLine("  -d - increase debug to stderr (secrets are never shown)");
        output.WriteLine("  -h - show help and exit");
        output.WriteLine("  -s - perform one network check and exit");
        output.WriteLine("  -v - verbose output");
        output.WriteLine("  -x - set 'nocomms' and exit");
        return status;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>The script's output: debug lines (<c>DEBUG: …</c>, <c>DEBUG2: …</c>) and warnings on stderr; -v on stdout, or on stderr when debugging.</summary>
internal sealed class ConsoleEnphaseLog(int debugLevel, bool verbose, TextWriter stdout, TextWriter stderr) : IEnphaseLog
{
    public int DebugLevel { get; set; } = debugLevel;

    public void Debug(string message, int level = 1)
    {
        if (level > DebugLevel) return;
        stderr.WriteLine(level == 1 ? $"DEBUG: {message}" : $"DEBUG{level}: {message}");
    }

    public void Verbose(string message)
    {
        if (DebugLevel > 0) stderr.WriteLine(message);
        else if (verbose) stdout.WriteLine(message);
    }

    public void Warn(string message) => stderr.WriteLine(message);
}
