using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NutSharp.Config;

namespace NutSharp.Host;

/// <summary>`nutsharp serve`: read NUT's configuration, refuse to start as upsd would, then run.</summary>
internal static class Serve
{
    public static int Run(ServeOptions options)
    {
        if (options.Signal is { } command) return SignalRunningServer(options, command);

        LoadedConfiguration config;
        try
        {
            config = LoadedConfiguration.Load(options.ConfPath, options.StatePath);
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine("nutsharp: " + e.Message);
            return 1;
        }
        // The launching command has already shown the warnings; a detached server does not repeat them.
        bool detachedServer = Environment.GetEnvironmentVariable(DetachHandshakeVariable) == "1";
        if (!detachedServer)
            foreach (var w in config.Warnings) Console.Error.WriteLine("nutsharp: warning: " + w);

        // upsd resolves its LISTEN lines before anything else and dies on one getaddrinfo refuses;
        // checked here so the refusal is one plain "upsd.conf:LINE:" message (the server resolves
        // them again when it binds).
        try
        {
            NutSharp.Server.NutServer.ResolveListen(config.Upsd.Listen, Path.Combine(options.ConfPath, "upsd.conf"), options.IPv4Only, options.IPv6Only);
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine("nutsharp: " + e.Message);
            return 1;
        }

        if (config.Ups.Devices.Count == 0 && !config.AllowNoDevice)
        {
            Console.Error.WriteLine($"nutsharp: Fatal error: at least one UPS must be defined in {Path.Combine(options.ConfPath, "ups.conf")} (or set ALLOW_NO_DEVICE)");
            return 1;
        }

        if (!options.RunInForeground) return StartInBackground();

        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.SetMinimumLevel(options.Debug switch { 0 => LogLevel.Information, 1 => LogLevel.Debug, _ => LogLevel.Trace });
        builder.Services.AddSystemd();
        // The hosting banner ("Hosting environment", "Content root path") means nothing to a NUT user.
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(config);
        builder.Services.AddHostedService<NutService>();
        using var host = builder.Build();

        string? pidFile = options.WritePidFile ? Path.Combine(options.PidPath, "upsd.pid") : null;
        // As upsd: a live server behind the PID file means this one must not start (nor, failing
        // later, delete that server's PID file and leave -c reload|stop unable to reach it).
        if (pidFile is not null && ReadPid(pidFile) is int previous && previous != Environment.ProcessId && Interop.Signals.Kill(previous, 0) == 0)
        {
            Console.Error.WriteLine($"nutsharp: Fatal error: a previous server (PID {previous}, {pidFile}) is already running; stop it first, or use -c reload");
            return 1;
        }
        try
        {
            if (pidFile is not null) File.WriteAllText(pidFile, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        }
        catch (IOException e) { Console.Error.WriteLine($"nutsharp: warning: cannot write {pidFile}: {e.Message}"); pidFile = null; }
        catch (UnauthorizedAccessException e) { Console.Error.WriteLine($"nutsharp: warning: cannot write {pidFile}: {e.Message}"); pidFile = null; }

        try
        {
            host.Start();
            if (detachedServer)
            {
                Console.Out.WriteLine(ReadyLine);
                Console.Out.Flush();
                Interop.Daemon.LetGoOfTheCaller();
            }
            host.WaitForShutdown();
            return 0;
        }
        catch (StartupException e)
        {
            Console.Error.WriteLine("nutsharp: " + e.Message);
            return 1;
        }
        finally
        {
            if (pidFile is not null && ReadPid(pidFile) == Environment.ProcessId) try { File.Delete(pidFile); } catch (IOException) { }
        }
    }

    /// <summary>The PID in a PID file, or null when it is missing or unreadable.</summary>
    private static int? ReadPid(string pidFile)
    {
        try
        {
            return int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0 ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>upsd -c reload|stop: SIGHUP or SIGTERM to the PID from -P or the PID file.</summary>
    private static int SignalRunningServer(ServeOptions options, string command)
    {
        int pid;
        if (options.Pid is int given) pid = given;
        else
        {
            var pidFile = Path.Combine(options.PidPath, "upsd.pid");
            try { pid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture); }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"nutsharp: cannot read {pidFile}: {e.Message}");
                return 1;
            }
        }
        int signal = command == "reload" ? Interop.Signals.SIGHUP : Interop.Signals.SIGTERM;
        if (Interop.Signals.Kill(pid, signal) != 0)
        {
            Console.Error.WriteLine($"nutsharp: cannot signal process {pid}: {Marshal.GetLastPInvokeErrorMessage()}");
            return 1;
        }
        return 0;
    }

    /// <summary>Set in the environment of the server that <see cref="StartInBackground"/> starts.</summary>
    private const string DetachHandshakeVariable = "NUTSHARP_DETACHED_SERVER";

    /// <summary>The detached server's last stdout line before it lets go of the caller: it is serving.</summary>
    private const string ReadyLine = "nutsharp: serving in the background";

    /// <summary>
    /// upsd detaches by default, after binding its listeners. A .NET process cannot fork, so it
    /// starts itself again in the foreground (with a PID file, as upsd writes one when it detaches)
    /// and passes on that server's output until the server says it is serving, then returns 0.
    /// If the server ends first (e.g. a LISTEN address cannot be bound), its exit status is returned,
    /// so an init script sees the failure as it would with upsd.
    /// </summary>
    private static int StartInBackground()
    {
        var args = Environment.GetCommandLineArgs().Skip(1).Where(a => a != "-B").ToList();
        args.Insert(1, "-FF");
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment[DetachHandshakeVariable] = "1";
        foreach (var a in args) start.ArgumentList.Add(a);
        using var child = Process.Start(start);
        if (child is null) return 1;
        child.StandardInput.Close();

        var errors = Task.Run(() =>
        {
            while (child.StandardError.ReadLine() is { } line) Console.Error.WriteLine(line);
        });
        while (child.StandardOutput.ReadLine() is { } line)
        {
            if (line == ReadyLine) return 0;
            Console.Out.WriteLine(line);
        }
        child.WaitForExit();
        errors.Wait();
        return child.ExitCode == 0 ? 1 : child.ExitCode;
    }
}

/// <summary>A failure while starting that should end the process with a clear message and status 1.</summary>
internal sealed class StartupException(string message) : Exception(message);
