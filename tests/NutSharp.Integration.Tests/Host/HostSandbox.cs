using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NutSharp.Testing;
using NutSharp.Tests.Shared;

namespace NutSharp.Integration.Tests.Host;

/// <summary>
/// One temporary NUT installation for the native <c>nutsharp</c> binary: a configuration
/// directory (upsd.conf listening on a free loopback port, two dummy-ups devices, two users), a
/// state directory and a PID directory, plus every process started against it. Disposing it
/// kills whatever is still running (including a server that detached) and deletes the directory.
/// </summary>
public sealed class HostSandbox : IDisposable
{
    /// <summary>Generous bound for anything the tests wait for; never an asserted duration.</summary>
    public static readonly TimeSpan Patience = Wait.DefaultTimeout;

    /// <summary>The devices of the default ups.conf, in file order.</summary>
    public static readonly IReadOnlyList<string> DefaultUps = ["ups1", "ups2"];

    private readonly List<HostRun> _runs = [];
    private int _runCount;

    public HostSandbox()
    {
        Root = Path.Combine(Path.GetTempPath(), "nutsharp-host-" + Guid.NewGuid().ToString("N")[..8]);
        ConfDir = Path.Combine(Root, "conf");
        StateDir = Path.Combine(Root, "state");
        PidDir = Path.Combine(Root, "run");
        Directory.CreateDirectory(ConfDir);
        Directory.CreateDirectory(StateDir);
        Directory.CreateDirectory(PidDir);
        Port = SpecServerReadiness.PickFreePort();
        WriteDefaultConfiguration();
    }

    public string Root { get; }
    public string ConfDir { get; }
    public string StateDir { get; }
    public string PidDir { get; }
    public int Port { get; }

    /// <summary>
    /// The <c>-u</c> every <c>serve</c> run gets unless its arguments name a user: <c>root</c>, as
    /// NUT's programs are started in these tests, because the sandbox belongs to whoever runs the
    /// tests and a server started as root would otherwise become NUT's user. Null: no <c>-u</c>,
    /// so the server's own default applies.
    /// </summary>
    public string? DefaultUser { get; set; } = "root";

    /// <summary>
    /// A command the binary is run through, such as <c>setpriv --reuid=65534 ...</c> to start it
    /// as another user; it must exec the binary, so the PID stays the server's. Empty: none.
    /// </summary>
    public IReadOnlyList<string> Launcher { get; set; } = [];

    /// <summary>Where NUT_ALTPIDPATH points, so where -FF and a detached server write upsd.pid.</summary>
    public string PidFile => Path.Combine(PidDir, "upsd.pid");

    /// <summary>The binary under test: <see cref="TestPaths.NutSharpBinary"/>.</summary>
    public static string Binary => TestPaths.NutSharpBinary;

    public void WriteDefaultConfiguration()
    {
        Write("upsd.conf", $"LISTEN 127.0.0.1 {Port}\n");
        Write("ups.conf", DefaultUpsConf);
        Write("upsd.users", DefaultUsers);
        Write("ups1.dev", "ups.mfr: \"Host Test\"\nups.model: One\nups.status: OL\nbattery.charge: 100\n");
        Write("ups2.dev", "ups.mfr: \"Host Test\"\nups.model: Two\nups.status: OB LB\nbattery.charge: 4\n");
    }

    public const string DefaultUpsConf = """
        [ups1]
        	driver = dummy-ups
        	port = ups1.dev
        	desc = "First UPS"

        [ups2]
        	driver = dummy-ups
        	port = ups2.dev
        	desc = "Second UPS"

        """;

    public const string DefaultUsers = """
        [admin]
        	password = adminpass
        	actions = SET FSD
        	instcmds = ALL

        [watcher]
        	password = watchpass
        	upsmon secondary

        """;

    /// <summary>Writes a file of the configuration directory (UTF-8, no BOM).</summary>
    public void Write(string name, string text) => File.WriteAllText(ConfPath(name), text, new UTF8Encoding(false));

    public void Append(string name, string text) => File.AppendAllText(ConfPath(name), text, new UTF8Encoding(false));

    public string ConfPath(string name) => Path.Combine(ConfDir, name);

    /// <summary>
    /// Starts <c>nutsharp</c> with these arguments (a <c>serve</c> gets <c>-u</c> <see cref="DefaultUser"/>
    /// unless it names a user) and NUT_CONFPATH/NUT_STATEPATH/NUT_ALTPIDPATH set to this sandbox. It runs through <c>bash -c 'ulimit -n ...; exec ...'</c> so the open-files
    /// limit is raised and the PID is the server's own; stdout and stderr go to files (a detached
    /// server inherits them, so nobody waits on a pipe that never closes).
    /// </summary>
    public HostRun Start(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        StartProgram(Binary, environment, arguments);

    /// <summary>
    /// Like <see cref="Start(IReadOnlyDictionary{string, string}?, string[])"/> for another program
    /// (real upsd, dummy-ups) on the same directories, limits and output files.
    /// </summary>
    public HostRun StartProgram(string program, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        int index = Interlocked.Increment(ref _runCount);
        string stdout = Path.Combine(Root, $"run{index}.out");
        string stderr = Path.Combine(Root, $"run{index}.err");
        var start = new ProcessStartInfo("/bin/bash") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("ulimit -n 65536 2>/dev/null || ulimit -n \"$(ulimit -Hn)\"; exec \"$@\" >\"$HOSTTEST_OUT\" 2>\"$HOSTTEST_ERR\" </dev/null");
        start.ArgumentList.Add(Path.GetFileName(program));
        // The launcher and the default user are NutSharp's; other programs (real upsd) run as given.
        bool nutsharp = program == Binary;
        if (nutsharp) foreach (var a in Launcher) start.ArgumentList.Add(a);
        start.ArgumentList.Add(program);
        foreach (var a in nutsharp ? WithDefaultUser(arguments) : arguments) start.ArgumentList.Add(a);
        start.WorkingDirectory = Root;
        start.Environment["HOSTTEST_OUT"] = stdout;
        start.Environment["HOSTTEST_ERR"] = stderr;
        start.Environment["NUT_CONFPATH"] = ConfDir;
        start.Environment["NUT_STATEPATH"] = StateDir;
        start.Environment["NUT_ALTPIDPATH"] = PidDir;
        start.Environment.Remove("ALLOW_NO_DEVICE");
        // Who serves which section is decided by the test, not by the caller's environment.
        foreach (var variable in (string[])["NUTSHARP_BUILTIN", "NUTSHARP_EXTERNAL", "NUTSHARP_EXTERNAL_DUMMY_UPS"])
            start.Environment.Remove(variable);
        if (environment is not null)
            foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + program);
        var run = new HostRun(process, stdout, stderr);
        lock (_runs) _runs.Add(run);
        return run;
    }

    public HostRun Start(params string[] arguments) => Start(null, arguments);

    private IEnumerable<string> WithDefaultUser(string[] arguments) =>
        DefaultUser is null || arguments.Length == 0 || arguments[0] != "serve" || arguments.Contains("-u")
            ? arguments
            : [.. arguments, "-u", DefaultUser];

    /// <summary>
    /// Starts <c>nutsharp</c> directly with stdout and stderr as pipes, the way
    /// <c>$(...)</c> or a supervisor capturing output runs it. Disposed with the sandbox.
    /// </summary>
    public Process StartWithPipes(params string[] arguments)
    {
        var start = new ProcessStartInfo(Binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Root,
        };
        foreach (var a in WithDefaultUser(arguments)) start.ArgumentList.Add(a);
        start.Environment["NUT_CONFPATH"] = ConfDir;
        start.Environment["NUT_STATEPATH"] = StateDir;
        start.Environment["NUT_ALTPIDPATH"] = PidDir;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + Binary);
        lock (_runs) _runs.Add(new HostRun(process, Path.Combine(Root, "none.out"), Path.Combine(Root, "none.err")));
        return process;
    }

    /// <summary>Runs a command that is expected to end by itself; fails the test if it does not.</summary>
    public HostRun RunToExit(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var run = Start(environment, arguments);
        if (!run.WaitForExit(Patience))
            Assert.Fail($"`nutsharp {string.Join(' ', arguments)}` was still running after {Patience.TotalSeconds} s\nstdout: {run.Stdout}\nstderr: {run.Stderr}");
        return run;
    }

    public HostRun RunToExit(params string[] arguments) => RunToExit(null, arguments);

    /// <summary>Starts <c>serve -F</c> (plus any extra flags) and waits until every default UPS has data.</summary>
    public async Task<HostRun> StartServingAsync(params string[] extraFlags)
    {
        var run = Start(["serve", "-F", .. extraFlags]);
        await WaitUntilServingAsync(run);
        return run;
    }

    public async Task WaitUntilServingAsync(HostRun run, IEnumerable<string>? upsNames = null)
    {
        try
        {
            await SpecServerReadiness.WaitUntilReadyAsync("127.0.0.1", Port, upsNames ?? DefaultUps, () => !run.HasExited, CancellationToken.None);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            Assert.Fail($"server not ready: {e.Message}\nstdout: {run.Stdout}\nstderr: {run.Stderr}");
        }
    }

    /// <summary>A raw client on the sandbox's IPv4 listener.</summary>
    public LineClient Connect() => new(Port);

    /// <summary>True when a TCP connection to <paramref name="address"/>:<see cref="Port"/> is accepted.</summary>
    public bool Accepts(IPAddress address)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(new IPEndPoint(address, Port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The PID written in upsd.pid, or null when there is no (readable) PID file.</summary>
    public int? ReadPidFile()
    {
        try
        {
            return int.TryParse(File.ReadAllText(PidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        lock (_runs)
        {
            foreach (var run in _runs) run.Dispose();
        }
        // A detached server is a grandchild: it is found through its PID file, and only killed
        // when that PID really is a nutsharp process started from this sandbox.
        if (ReadPidFile() is int pid && HostRun.IsSandboxServer(pid, ConfDir))
        {
            try
            {
                using var detached = Process.GetProcessById(pid);
                detached.Kill();
                detached.WaitForExit(10_000);
            }
            catch (ArgumentException) { /* already gone */ }
            catch (InvalidOperationException) { /* already gone */ }
        }
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { /* unique temp dir; leaving it is harmless */ }
        catch (UnauthorizedAccessException) { }
    }
}
