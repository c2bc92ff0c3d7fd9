using NutSharp.Host.Commands;
using NutSharp.Testing;

namespace NutSharp.Tests.Enphase;

/// <summary>
/// A state directory, a config file and a fake cloud and gateway for one test, and the monitor
/// run in-process through the command (the same code as `nutsharp enphase-monitor`).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class EnphaseSandbox : IDisposable
{
    public EnphaseSandbox()
    {
        Root = Directory.CreateTempSubdirectory("nutsharp-enphase-").FullName;
        // Neither the config's nor the state directory may be writable by others (the script's rule).
        File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        StateDir = Path.Combine(Root, "state");
        Directory.CreateDirectory(StateDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
    }

    public FakeEnphase Fake { get; } = new();

    public string Root { get; }

    public string StateDir { get; }

    public string ConfigPath => Path.Combine(Root, "enphase-gw.conf");

    public string PortFile => Path.Combine(StateDir, "gw.dev");

    public string HiddenPortFile => PortFile + "-nocomms";

    public string TokenFile => Path.Combine(StateDir, "enphase-gw.token");

    public static string CasesDirectory => Path.Combine(TestPaths.RepositoryRoot, "tests", "fixtures", "enphase", "cases");

    /// <summary>The base config of the fixture cases, pointing at the fakes, plus <paramref name="extra"/> lines.</summary>
    public void WriteConfig(string extra = "")
    {
        var text = $"""
            # base config of tests/fixtures/enphase/cases
            UPS=gw
            USERNAME={FakeEnphase.Username}
            PASSWORD={FakeEnphase.Password}
            SERIAL={FakeEnphase.Serial}
            PORT_FILE=gw.dev
            STATE_DIR={StateDir}
            ENVOY_HOST={Fake.EnvoyHost}
            POLLFREQ=5
            POLLFREQALERT=5
            ENPHASE_LOGIN="{Fake.LoginUrl}"
            ENPHASE_TOKENS="{Fake.TokensUrl}"

            """ + extra;
        File.WriteAllText(ConfigPath, text);
        File.SetUnixFileMode(ConfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
    }

    /// <summary>A valid token in TOKEN_FILE, as a previous run leaves it.</summary>
    public string WriteToken(TimeSpan lifetime)
    {
        var token = Fake.MakeToken(DateTimeOffset.UtcNow + lifetime);
        File.WriteAllText(TokenFile, token);
        File.SetUnixFileMode(TokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        return token;
    }

    /// <summary>Runs `enphase-monitor` with <paramref name="args"/> (the config added with -c unless given).</summary>
    public CommandResult Run(params string[] args) => RunExactly(args.Contains("-c") ? args : [.. args, "-c", ConfigPath]);

    /// <summary>Runs `enphase-monitor` with exactly <paramref name="args"/>.</summary>
    public CommandResult RunExactly(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int status = EnphaseMonitorCommand.Run(args, Environment, stdout, stderr);
        return new CommandResult(status, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The monitor's environment: none of the machine's NUT variables.</summary>
    public Dictionary<string, string> EnvironmentVariables { get; } = [];

    private string? Environment(string name) => EnvironmentVariables.GetValueOrDefault(name);

    public void Dispose()
    {
        Fake.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal sealed record CommandResult(int Status, string Stdout, string Stderr);
