using NutSharp.Integration.Tests.Clients;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Host;

/// <summary>
/// The built-in usbhid-ups for Tripp Lite on a recording (<c>replay =</c> in ups.conf), through the
/// native server to Debian's upsc, upsrw and upscmd; and <c>nutsharp tripplite --replay</c>. No
/// hidraw device exists on these machines: the recording stands in for the UPS, and a SET_FEATURE
/// changes its state, so what a client sets comes back in the readings.
/// </summary>
[NonParallelizable]
public sealed class TrippLiteReplayTests
{
    private HostSandbox _sandbox = null!;

    private static string Recording => Path.Combine(TestPaths.RepositoryRoot, "tests", "fixtures", "hid", "tripplite_synthetic_online.recording.json");

    [SetUp]
    public void CreateSandbox()
    {
        TestPaths.RequireInstalled(TestPaths.Upsc, TestPaths.Upsrw, TestPaths.Upscmd);
        _sandbox = new HostSandbox();
        File.Copy(Recording, _sandbox.ConfPath("smart1500.json"));
        // As NUT users write it, plus the recording; pollinterval 1 so the test waits little.
        _sandbox.Append("ups.conf", """

            [tl]
            	driver = usbhid-ups
            	port = auto
            	vendorid = 09ae
            	pollinterval = 1
            	replay = smart1500.json
            	desc = "Tripp Lite on a recording"

            """);
    }

    [TearDown]
    public void DisposeSandbox() => _sandbox.Dispose();

    private Task<ClientsProcessResult> Client(string program, params string[] arguments) =>
        ClientsProcess.RunAsync(program, arguments, null, ClientsProcess.DefaultTimeout);

    private string Target => $"tl@127.0.0.1:{_sandbox.Port}";

    private async Task<string> Upsc(string variable)
    {
        var result = await Client(TestPaths.Upsc, Target, variable);
        return result.Stdout.Trim();
    }

    private async Task WaitForAsync(string variable, string expected)
    {
        string last = "";
        await Wait.ForAsync(async () => (last = await Upsc(variable)) == expected, HostSandbox.Patience);
        Assert.That(last, Is.EqualTo(expected), variable);
    }

    [Test]
    public async Task Upsc_reads_the_recorded_ups_and_upsrw_and_upscmd_change_it()
    {
        var server = _sandbox.Start(["serve", "-F", "--builtin", "tl"]);
        await _sandbox.WaitUntilServingAsync(server, ["ups1", "ups2", "tl"]);
        Assert.That(server.Output, Does.Contain("[tl] driver usbhid-ups: built-in (--builtin)"));

        var all = await Client(TestPaths.Upsc, Target);
        Assert.That(all.ExitCode, Is.Zero, all.ToString());
        Assert.That(all.Stdout, Does.Contain("battery.charge: 100\n").And.Contain("input.voltage: 120.0\n").And.Contain("ups.status: OL\n")
            .And.Contain("ups.realpower: 324\n").And.Contain("driver.name: usbhid-ups\n").And.Contain("ups.vendorid: 09ae\n")
            .And.Contain("driver.parameter.replay: smart1500.json\n"), all.ToString());

        var writable = await Client(TestPaths.Upsrw, Target);
        Assert.That(writable.Stdout, Does.Contain("[ups.delay.shutdown]\nInterval to wait after shutdown with delay command (seconds)\nType: STRING\nMaximum length: 10\nValue: 20\n"), writable.ToString());

        var set = await Client(TestPaths.Upsrw, "-s", "ups.delay.shutdown=60", "-u", "admin", "-p", "adminpass", "-w", Target);
        Assert.That(set.Output, Does.Contain("SUCCESS"), set.ToString());
        await WaitForAsync("ups.delay.shutdown", "60");

        var commands = await Client(TestPaths.Upscmd, "-l", Target);
        Assert.That(commands.Stdout, Does.Contain("load.off.delay - ").And.Contain("beeper.disable - ").And.Contain("shutdown.return - "), commands.ToString());

        var beeper = await Client(TestPaths.Upscmd, "-u", "admin", "-p", "adminpass", "-w", Target, "beeper.disable");
        Assert.That(beeper.Output, Does.Contain("SUCCESS"), beeper.ToString());
        await WaitForAsync("ups.beeper.status", "disabled");

        var delay = await Client(TestPaths.Upscmd, "-u", "admin", "-p", "adminpass", "-w", Target, "load.off.delay", "30");
        Assert.That(delay.Output, Does.Contain("SUCCESS"), delay.ToString());
        await WaitForAsync("ups.timer.shutdown", "30");
    }

    [Test]
    public async Task Without_the_builtin_choice_the_section_is_left_to_nuts_usbhid_ups()
    {
        var server = _sandbox.Start(["serve", "-F"]);
        await _sandbox.WaitUntilServingAsync(server, ["ups1", "ups2"]);
        Assert.That(server.Output, Does.Contain("[tl] driver usbhid-ups: external (default for usbhid-ups, which NUT has)"));
        var result = await Client(TestPaths.Upsc, Target, "ups.status");
        Assert.That(result.Output, Does.Contain("Driver not connected"), result.ToString());
    }

    [Test]
    public async Task A_missing_recording_shows_not_connected_and_the_log_names_the_file()
    {
        File.Delete(_sandbox.ConfPath("smart1500.json"));
        var server = _sandbox.Start(["serve", "-F", "--builtin", "tl"]);
        await _sandbox.WaitUntilServingAsync(server, ["ups1", "ups2"]);
        Wait.Until(() => server.Output.Contains("smart1500.json", StringComparison.Ordinal), "the fault in the log");
        var result = await Client(TestPaths.Upsc, Target, "ups.status");
        Assert.That(result.Output, Does.Contain("Driver not connected"), result.ToString());
    }

    [Test]
    public void Nutsharp_tripplite_replay_prints_numats_json()
    {
        var run = _sandbox.RunToExit("tripplite", "--replay", Recording);
        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        Assert.That(run.Stdout, Does.Contain("\"ac present\": true").And.Contain("\"voltage\": 120.4").And.Contain("\"time to empty\": 1004"));
    }

    [Test]
    public void Nutsharp_tripplite_without_a_ups_exits_non_zero_with_a_message()
    {
        var run = _sandbox.RunToExit("tripplite");
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Stderr, Does.StartWith("nutsharp tripplite: no Tripp Lite UPS found"));
    }
}
