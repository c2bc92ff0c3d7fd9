using System.CommandLine;
using NutSharp.Drivers.Selection;
using NutSharp.Host;
using NutSharp.Server.Commands;

// Completions run on the socket engine's own threads: the request path never blocks, and skipping
// the hop to the thread pool halves the CPU spent per request. Must be set before any socket exists.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

if (args is [NutSharp.Host.Commands.EnphaseMonitorCommand.Name, ..] && OperatingSystem.IsLinux()) return NutSharp.Host.Commands.EnphaseMonitorCommand.Run(args[1..]);
return CommandLine.Build().Parse(UpsdFlags.Normalize(args)).Invoke();

namespace NutSharp.Host
{
    internal static class CommandLine
    {
        public static RootCommand Build()
        {
            var root = new RootCommand("NutSharp: a Network UPS Tools server (drop-in for upsd) with built-in drivers.");

            var foreground = new Option<int>("--foreground-level") { Hidden = true };
            var debug = new Option<int>("--debug-level") { Hidden = true };
            var background = new Option<bool>("-B") { Description = "run in the background, even with -D" };
            var signal = new Option<string?>("-c") { Description = "send a command to the running server: reload or stop", HelpName = "command" };
            signal.AcceptOnlyFromAmong("reload", "stop");
            var pid = new Option<int?>("-P")
            {
                Description = "with -c: the PID to signal instead of the PID file's",
                HelpName = "pid",
                CustomParser = result =>
                {
                    string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                    if (int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int value)) return value;
                    result.AddError($"-P {text}: not a process id");
                    return null;
                },
            };
            var user = new Option<string?>("-u") { Description = $"if started as root, switch to this user after binding (default: {RunAsUser.DefaultName}; -u root keeps root)", HelpName = "user" };
            var ipv4 = new Option<bool>("-4") { Description = "IPv4 only" };
            var ipv6 = new Option<bool>("-6") { Description = "IPv6 only" };
            var version = new Option<bool>("-V") { Description = "print the version and exit" };
            var builtIn = new Option<string[]>("--builtin")
            {
                Description = "serve these ups.conf sections (comma-separated, or * for every section NutSharp has a driver for) with NutSharp's built-in driver; also NUTSHARP_BUILTIN",
                AllowMultipleArgumentsPerToken = true,
                HelpName = "sections",
            };
            var external = new Option<string[]>("--external")
            {
                Description = "leave these ups.conf sections (comma-separated, or * for all) to NUT's driver process, through its socket in STATEPATH; also NUTSHARP_EXTERNAL",
                AllowMultipleArgumentsPerToken = true,
                HelpName = "sections",
            };
            var externalDummyUps = new Option<string[]>("--external-dummy-ups")
            {
                Description = "--external for dummy-ups sections only (kept as an alias); also NUTSHARP_EXTERNAL_DUMMY_UPS",
                AllowMultipleArgumentsPerToken = true,
                HelpName = "sections",
            };

            var (syslogIdent, syslogFormat) = NutSharp.Host.Logging.LogSettings.CreateOptions();

            var serve = new Command("serve", "Run the server on NUT_CONFPATH's ups.conf, upsd.conf and upsd.users, as upsd would. "
                + "-F: stay in the foreground; -FF: same, with a PID file; -D: more detail (repeat for more).");
            foreach (var o in new Option[] { foreground, debug, background, signal, pid, user, ipv4, ipv6, version, builtIn, external, externalDummyUps, syslogIdent, syslogFormat })
                serve.Options.Add(o);
            serve.SetAction(parse =>
            {
                if (parse.GetValue(version))
                {
                    // upsd -V prints "Network UPS Tools upsd 2.8.0"; NutSharp names itself and the upsd it stands in for.
                    var own = typeof(CommandLine).Assembly.GetName().Version ?? new Version(0, 1, 0);
                    Console.WriteLine($"NutSharp {own.ToString(3)} (Network UPS Tools protocol of upsd {CommandProcessor.ServerVersion})");
                    return 0;
                }
                var options = new ServeOptions
                {
                    Foreground = parse.GetValue(foreground),
                    Debug = parse.GetValue(debug),
                    Background = parse.GetValue(background),
                    Signal = parse.GetValue(signal),
                    Pid = parse.GetValue(pid),
                    User = parse.GetValue(user),
                    IPv4Only = parse.GetValue(ipv4),
                    IPv6Only = parse.GetValue(ipv6),
                    ConfPath = Environment.GetEnvironmentVariable("NUT_CONFPATH") is { Length: > 0 } c ? c : "/etc/nut",
                    StatePath = Environment.GetEnvironmentVariable("NUT_STATEPATH") is { Length: > 0 } s ? s : "/run/nut",
                };
                if (parse.GetValue(syslogIdent) is { } ident) options.Logging.Ident = ident;
                options.Logging.Format = NutSharp.Host.Logging.LogSettings.ParseFormat(parse.GetValue(syslogFormat));
                options.PidPath = Environment.GetEnvironmentVariable("NUT_ALTPIDPATH") is { Length: > 0 } p ? p : options.StatePath;
                var fromCommandLine = options.CommandLineDrivers;
                foreach (var list in parse.GetValue(builtIn) ?? []) fromCommandLine.Add(ServedBy.BuiltIn, list, "--builtin");
                foreach (var list in parse.GetValue(external) ?? []) fromCommandLine.Add(ServedBy.External, list, "--external");
                foreach (var list in parse.GetValue(externalDummyUps) ?? []) fromCommandLine.Add(ServedBy.External, list, "--external-dummy-ups", onlyDriver: "dummy-ups");
                var fromEnvironment = options.EnvironmentDrivers;
                fromEnvironment.Add(ServedBy.BuiltIn, Environment.GetEnvironmentVariable("NUTSHARP_BUILTIN"), "NUTSHARP_BUILTIN");
                fromEnvironment.Add(ServedBy.External, Environment.GetEnvironmentVariable("NUTSHARP_EXTERNAL"), "NUTSHARP_EXTERNAL");
                fromEnvironment.Add(ServedBy.External, Environment.GetEnvironmentVariable("NUTSHARP_EXTERNAL_DUMMY_UPS"), "NUTSHARP_EXTERNAL_DUMMY_UPS", onlyDriver: "dummy-ups");
                return Serve.Run(options);
            });
            root.Subcommands.Add(serve);
            root.Subcommands.Add(Commands.TeleinfoCommand.Create());
            root.Subcommands.Add(Commands.TrippLiteCommand.Build());
            return root;
        }
    }

    /// <summary>
    /// upsd counts repeated flags (-F, -FF, -D, -DDD); System.CommandLine does not, so they are
    /// turned into hidden counted options before parsing.
    /// </summary>
    internal static class UpsdFlags
    {
        public static string[] Normalize(string[] args)
        {
            if (args.Length == 0 || args[0] != "serve") return args;
            int f = 0, d = 0;
            var rest = new List<string>();
            foreach (var a in args.Skip(1))
            {
                if (a.Length >= 2 && a[0] == '-' && a[1] != '-' && a.Skip(1).All(ch => ch is 'F' or 'D'))
                {
                    f += a.Count(ch => ch == 'F');
                    d += a.Count(ch => ch == 'D');
                }
                else rest.Add(a);
            }
            var result = new List<string> { "serve" };
            if (f > 0) result.AddRange(["--foreground-level", f.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            if (d > 0) result.AddRange(["--debug-level", d.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            result.AddRange(rest);
            return [.. result];
        }
    }
}
