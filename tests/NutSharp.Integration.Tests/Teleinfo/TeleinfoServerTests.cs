using System.Diagnostics;
using System.Runtime.Versioning;
using NutSharp.Integration.Tests.Host;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Teleinfo;

/// <summary>
/// The native server with a built-in teleinfo driver reading a pseudo-terminal, which the test
/// feeds with fixture frames at the line's pace; what the real <c>upsc</c> shows is checked. The
/// port is a symbolic link, as /dev/serial/by-id paths are, so that "unplugging" the adapter
/// (closing the pseudo-terminal) and "plugging in" another one (a new pseudo-terminal behind the
/// same link) can be played.
/// </summary>
[SupportedOSPlatform("linux")]
[NonParallelizable]
public sealed class TeleinfoServerTests
{
    private HostSandbox _sandbox = null!;
    private readonly List<TeleinfoLine> _lines = [];

    private static string Fixture(string name) => Path.Combine(TestPaths.RepositoryRoot, "tests", "fixtures", "teleinfo", name + ".bin");

    private string Link => Path.Combine(_sandbox.Root, "ttyTIC");

    [SetUp]
    public void CreateSandbox()
    {
        TestPaths.RequireInstalled(TestPaths.Upsc);
        _sandbox = new HostSandbox();
    }

    [TearDown]
    public void DisposeSandbox()
    {
        _sandbox.Dispose();
        foreach (var line in _lines) line.Dispose();
        _lines.Clear();
    }

    /// <summary>A meter sending <paramref name="fixture"/> behind <see cref="Link"/>.</summary>
    private TeleinfoLine PlugIn(string fixture, int baud)
    {
        var line = new TeleinfoLine();
        _lines.Add(line);
        line.StartSending(File.ReadAllBytes(Fixture(fixture)), baud);
        File.Delete(Link);
        File.CreateSymbolicLink(Link, line.DevicePath);
        return line;
    }

    private async Task<HostRun> ServeAsync(string options, int maxAge = 15)
    {
        _sandbox.Write("upsd.conf", $"LISTEN 127.0.0.1 {_sandbox.Port}\nMAXAGE {maxAge}\n");
        _sandbox.Write("ups.conf", $"[meter]\n\tdriver = teleinfo\n\tport = {Link}\n\tdesc = \"Linky\"\n{options}");
        var server = _sandbox.Start("serve", "-F");
        await _sandbox.WaitUntilServingAsync(server, ["meter"]);
        return server;
    }

    /// <summary>Runs upsc; Output is its stdout, Error the last line of its stderr (upsc's "Error: ..." line).</summary>
    private (int Exit, string Output, string Error) Upsc(params string[] variable)
    {
        var start = new ProcessStartInfo(TestPaths.Upsc) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add($"meter@127.0.0.1:{_sandbox.Port}");
        foreach (var v in variable) start.ArgumentList.Add(v);
        using var upsc = Process.Start(start)!;
        var error = upsc.StandardError.ReadToEndAsync();
        string output = upsc.StandardOutput.ReadToEnd();
        Assert.That(upsc.WaitForExit(10_000), Is.True, "upsc ends");
        return (upsc.ExitCode, output, error.Result.Trim().Split('\n')[^1]);
    }

    /// <summary>One variable as upsc prints it, or upsc's error line.</summary>
    private string UpscValue(string variable) => Upsc(variable) is var (exit, output, error) && exit == 0 ? output.Trim() : error;

    [Test]
    public async Task Upsc_shows_a_historic_meter_in_overrun_without_its_identifier()
    {
        PlugIn("historic_hchp_mono_adps", 1200);
        var server = await ServeAsync("\tmode = historic\n");
        var (exit, output, _) = Upsc();
        TestContext.Out.WriteLine(output);
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.Zero);
            Assert.That(output, Does.Contain("ups.status: ALARM OL OVER\n"));
            Assert.That(output, Does.Contain("ups.alarm: [Subscribed power exceeded (ADPS=17 A)]\n"));
            Assert.That(output, Does.Contain("device.type: meter\n"));
            Assert.That(output, Does.Contain("driver.name: teleinfo\n"));
            Assert.That(output, Does.Contain("input.power: 3910\n"));
            Assert.That(output, Does.Contain("ups.load: 113.3\n"));
            Assert.That(output, Does.Contain("experimental.teleinfo.hchp: 002345678\n"));
            Assert.That(output, Does.Not.Contain("021861000042"), "the meter address is masked");
            Assert.That(server.HasExited, Is.False);
        });
    }

    [Test]
    public async Task Auto_mode_finds_a_standard_meter_at_9600_baud()
    {
        PlugIn("standard_mono", 9600);
        await ServeAsync("");
        Wait.UntilValue(() => UpscValue("input.voltage"), v => v == "231", "the standard meter's voltage");
        var (_, output, _) = Upsc();
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("driver.parameter.mode: standard\n"));
            Assert.That(output, Does.Contain("ups.status: OL\n"));
            Assert.That(output, Does.Contain("input.power: 1650\n"));
            Assert.That(output, Does.Contain("experimental.teleinfo.msg1: PAS DE          MESSAGE         \n"));
            Assert.That(output, Does.Not.Contain("041975000017").And.Not.Contain("00000000000042"));
        });
    }

    [Test]
    public async Task A_silent_meter_is_stale_until_frames_return_and_a_replugged_adapter_is_read()
    {
        var first = PlugIn("historic_base_mono", 1200);
        var server = await ServeAsync("\tmode = historic\n", maxAge: 2);
        Assert.That(UpscValue("input.power"), Is.EqualTo("1650"));

        first.StopSending();
        Wait.UntilValue(() => UpscValue("input.power"), v => v == "Error: Data stale", "upsc to report stale data");
        first.StartSending(File.ReadAllBytes(Fixture("historic_base_mono")), 1200);
        Wait.UntilValue(() => UpscValue("input.power"), v => v == "1650", "the data to come back");

        first.Dispose();   // unplugged
        Wait.UntilValue(() => UpscValue("input.power"), v => v == "Error: Data stale", "upsc to report stale data after the unplug");
        PlugIn("historic_hchp_mono_adps", 1200);
        Wait.UntilValue(() => UpscValue("input.power"), v => v == "3910", "the replugged meter's data");
        Assert.Multiple(() =>
        {
            Assert.That(server.HasExited, Is.False);
            // Once when it starts, once when it ends ("recovered after ... (was: ...)"), never per retry.
            var lines = server.Output.Split('\n').Where(l => l.Contains("hung up", StringComparison.Ordinal)).ToList();
            Assert.That(lines.Count(l => !l.Contains("recovered", StringComparison.Ordinal)), Is.EqualTo(1), "the unplug is logged once:\n" + server.Output);
            Assert.That(lines.Count(l => l.Contains("recovered", StringComparison.Ordinal)), Is.EqualTo(1), "and its end once:\n" + server.Output);
        });
    }
}
