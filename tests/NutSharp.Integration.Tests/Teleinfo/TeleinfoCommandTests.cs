using System.Runtime.Versioning;
using System.Text.Json;
using NutSharp.Integration.Tests.Host;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Teleinfo;

/// <summary><c>nutsharp teleinfo PORT</c> (the native binary) reading a meter on a pseudo-terminal, as serial-teleinfo's users would.</summary>
[SupportedOSPlatform("linux")]
[NonParallelizable]
public sealed class TeleinfoCommandTests
{
    private HostSandbox _sandbox = null!;
    private TeleinfoLine _line = null!;

    [SetUp]
    public void CreateSandbox()
    {
        _sandbox = new HostSandbox();
        _line = new TeleinfoLine();
    }

    [TearDown]
    public void DisposeSandbox()
    {
        _line.Dispose();
        _sandbox.Dispose();
    }

    private void Send(string fixture, int baud) =>
        _line.StartSending(File.ReadAllBytes(Path.Combine(TestPaths.RepositoryRoot, "tests", "fixtures", "teleinfo", fixture + ".bin")), baud);

    [Test]
    public void Prints_one_frame_in_serial_teleinfos_shape_with_the_identifier_shown()
    {
        Send("historic_base_mono", 1200);
        var run = _sandbox.RunToExit("teleinfo", _line.DevicePath);
        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("connected").GetBoolean(), Is.True);
            Assert.That(root.GetProperty("values").GetProperty("ISOUSC").GetRawText(), Is.EqualTo("[30,\"A\"]"));
            Assert.That(root.GetProperty("values").GetProperty("BASE").GetRawText(), Is.EqualTo("[12345678,\"Wh\"]"));
            Assert.That(root.GetProperty("values").GetProperty("PTEC").GetRawText(), Is.EqualTo("[\"TH\",null]"));
            Assert.That(root.GetProperty("values").GetProperty("ADCO").GetRawText(), Is.EqualTo("[\"021861000042\",null]"));
        });
    }

    [Test]
    public void Masks_identifiers_when_asked_and_detects_a_standard_meter()
    {
        Send("standard_mono", 9600);
        var run = _sandbox.RunToExit("teleinfo", _line.DevicePath, "--mask");
        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var values = json.RootElement.GetProperty("values");
        Assert.Multiple(() =>
        {
            Assert.That(values.GetProperty("SINSTS").GetRawText(), Is.EqualTo("[1650,\"VA\"]"));
            Assert.That(values.GetProperty("ADSC").GetRawText(), Is.EqualTo("[\"041975******\",null]"));
            Assert.That(run.Stdout, Does.Not.Contain("00000000000042"));
        });
    }

    [Test]
    public void Follow_prints_a_line_per_frame()
    {
        Send("historic_base_mono", 9600);
        using var process = _sandbox.StartWithPipes("teleinfo", _line.DevicePath, "--follow", "--mode", "historic");
        var lines = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            var read = process.StandardOutput.ReadLineAsync();
            Assert.That(read.Wait(Wait.DefaultTimeout), Is.True, "a line per frame");
            lines.Add(read.Result!);
        }
        process.Kill();
        Assert.That(lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("values").GetProperty("PAPP").GetRawText()), Is.All.EqualTo("[1650,\"VA\"]"));
    }

    [Test]
    public void A_missing_port_is_explained_and_fails()
    {
        var run = _sandbox.RunToExit("teleinfo", Path.Combine(_sandbox.Root, "ttyUSB9"), "--timeout", "2");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Stderr, Does.Contain("ttyUSB9 does not exist (adapter unplugged?)"));
            Assert.That(run.Stdout, Does.Contain("\"connected\":false"));
        });
    }

    [Test]
    public void Permission_denied_names_the_group_to_join()
    {
        if (Environment.UserName != "root") Assert.Ignore("needs root, to start the binary as nobody");
        // The pseudo-terminal belongs to root and its group (tty, or root where devpts is mounted without gid=),
        // as a ttyUSB belongs to root and group dialout.
        string group = GroupOf(_line.DevicePath);
        _sandbox.Launcher = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"];
        Send("historic_base_mono", 1200);
        var run = _sandbox.RunToExit("teleinfo", _line.DevicePath, "--timeout", "2");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1));
            Assert.That(run.Stderr, Does.Contain($"permission denied on {_line.DevicePath}: add the user the server runs as to group {group}"));
        });
    }

    [Test]
    public void A_port_held_by_another_reader_is_reported_busy()
    {
        if (Environment.UserName != "root") Assert.Ignore("needs root, to hand the pseudo-terminal to nobody (root ignores exclusive use)");
        // Both readers run as nobody, who owns the terminal: the first holds it exclusively (TIOCEXCL), as the server would.
        Run("chown", "65534", _line.DevicePath);
        _sandbox.Launcher = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"];
        Send("historic_base_mono", 1200);
        var holder = _sandbox.Start("teleinfo", _line.DevicePath, "--follow", "--mode", "historic");
        Wait.Until(() => holder.Stdout.Contains("\"connected\":true", StringComparison.Ordinal) || holder.HasExited, "the first reader to read frames");
        var second = _sandbox.RunToExit("teleinfo", _line.DevicePath, "--timeout", "2");
        Assert.Multiple(() =>
        {
            Assert.That(holder.HasExited, Is.False, holder.Stderr);
            Assert.That(second.ExitCode, Is.EqualTo(1));
            Assert.That(second.Stderr, Does.Contain($"{_line.DevicePath} is in use by another program"));
        });
    }

    private static void Run(string program, params string[] arguments)
    {
        using var process = System.Diagnostics.Process.Start(program, arguments)!;
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"{program} {string.Join(' ', arguments)}");
    }

    private static string GroupOf(string path)
    {
        var start = new System.Diagnostics.ProcessStartInfo("stat", ["-L", "-c", "%G", path]) { RedirectStandardOutput = true };
        using var stat = System.Diagnostics.Process.Start(start)!;
        string group = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return group;
    }
}
