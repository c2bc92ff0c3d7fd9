using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NutSharp.Config;
using NutSharp.Drivers.Selection;

namespace NutSharp.Host;

/// <summary>`nutsharp serve`: read NUT's configuration, refuse to start as upsd would, then run.</summary>
internal static class Serve
{
    public static int Run(ServeOptions options)
    {
        if (options.Signal is { } command) return ServerSignal.Send(options, command);
        // Under systemd, what this writes to stderr itself (a refusal to start) gets a priority too.
        if (Logging.LogSettings.JournalDescriptor() == 2) Console.SetError(TextWriter.Synchronized(new Logging.JournalPriorityWriter(Console.Error)));

        // As upsd: the user is looked up before anything else is read, and a missing one stops the start.
        RunAsUser runAs;
        try
        {
            runAs = RunAsUser.Resolve(options.User);
        }
        catch (StartupException e)
        {
            Console.Error.WriteLine("nutsharp: " + e.Message);
            return 1;
        }

        LoadedConfiguration config;
        try
        {
            config = LoadedConfiguration.Load(options);
            config.LoadTls(options.ConfPath);
        }
        catch (Exception e) when (e is ConfigException or DriverSelectionException)
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
        options.DetachedServer = detachedServer;

        using var host = ServerHost.Build(options, config, runAs);

        string? pidFile = options.WritePidFile ? PidFile.PathFor(options) : null;
        // As upsd: a live server behind the PID file means this one must not start (nor, failing
        // later, delete that server's PID file and leave -c reload|stop unable to reach it).
        if (pidFile is not null && PidFile.ReadServerPid(pidFile) is int previous && previous != Environment.ProcessId && Interop.Signals.Kill(previous, 0) == 0)
        {
            Console.Error.WriteLine($"nutsharp: Fatal error: a previous server (PID {previous}, {pidFile}) is already running; stop it first, or use -c reload");
            return 1;
        }

        try
        {
            host.Start();
            // upsd 2.8.0 writes its PID file after becoming its user (become_user, then writepid),
            // so the file belongs to that user and the server can remove it on exit. Written
            // before the ready line, so a detached start returns with the file in place.
            if (pidFile is not null && !PidFile.TryWrite(pidFile, out var problem))
            {
                Console.Error.WriteLine($"nutsharp: warning: cannot write {pidFile}: {problem}");
                pidFile = null;
            }
            // systemd (Type=notify, notify-reload): the listeners are bound, the PID file written.
            host.Services.GetRequiredService<Systemd.ServiceManagerNotifier>().Ready(host.Services.GetRequiredService<NutService>().StatusLine());
            if (detachedServer)
            {
                Console.Out.WriteLine(ReadyLine);
                Console.Out.Flush();
                Interop.Daemon.LetGoOfTheCaller();
            }
            host.WaitForShutdown();
            return 0;
        }
        catch (Exception e) when (e is StartupException or ConfigException)
        {
            // ConfigException: a front-end's setting that only fails when used (an [http] address
            // already taken, a certificate that does not load), with nutsharp.toml's file:line.
            Console.Error.WriteLine("nutsharp: " + e.Message);
            return 1;
        }
        finally
        {
            if (pidFile is not null) PidFile.DeleteIfOurs(pidFile);
        }
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
