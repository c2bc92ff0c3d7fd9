using NutSharp.Testing;
using NutSharp.Integration.Tests.Clients;
using NutSharp.Tests.Shared;

namespace NutSharp.Integration.Tests.Host;

/// <summary>
/// Which driver serves a section, on the native binary: the default, each way of overriding it
/// (command line, environment, nutsharp.toml, the old --external-dummy-ups alias), refusals, and
/// reload. A section left to NUT is proven so by NUT's real dummy-ups: until that process runs
/// the server says the driver is not connected, and once it runs the data arrives through its
/// socket. A built-in section has data with no NUT process at all.
/// </summary>
[NonParallelizable]
public sealed class DriverSelectionTests
{
    private const string DummyUps = "/lib/nut/dummy-ups";
    private const string NotConnected = "ERR DRIVER-NOT-CONNECTED";
    private const string Ups1Data = "VAR ups1 ups.status \"OL\"";
    private const string Ups2Data = "VAR ups2 ups.status \"OB LB\"";

    private HostSandbox _sandbox = null!;
    private readonly List<ClientsBackgroundProcess> _nutDrivers = [];

    [SetUp]
    public void CreateSandbox() => _sandbox = new HostSandbox();

    [TearDown]
    public async Task DisposeSandbox()
    {
        foreach (var driver in _nutDrivers) await driver.DisposeAsync();
        _nutDrivers.Clear();
        _sandbox.Dispose();
    }

    private string TomlPath => _sandbox.ConfPath("nutsharp.toml");

    /// <summary>Starts NUT's own dummy-ups for <paramref name="ups"/> in the sandbox and waits for its socket.</summary>
    private async Task StartNutDummyUpsAsync(string ups)
    {
        if (!File.Exists(DummyUps)) Assert.Ignore($"{DummyUps} is not installed (nut-server)");
        var environment = new Dictionary<string, string>
        {
            ["NUT_CONFPATH"] = _sandbox.ConfDir,
            ["NUT_STATEPATH"] = _sandbox.StateDir,
            ["NUT_ALTPIDPATH"] = _sandbox.StateDir,
        };
        var driver = ClientsBackgroundProcess.Start(DummyUps, ["-a", ups, "-u", "root", "-F"], environment, _sandbox.Root);
        _nutDrivers.Add(driver);
        string socket = Path.Combine(_sandbox.StateDir, "dummy-ups-" + ups);
        var deadline = DateTime.UtcNow + HostSandbox.Patience;
        while (!File.Exists(socket))
        {
            if (driver.HasExited) Assert.Fail($"NUT's dummy-ups for {ups} exited:\n{driver}");
            if (DateTime.UtcNow > deadline) Assert.Fail($"NUT's dummy-ups for {ups} created no socket:\n{driver}");
            await Task.Delay(50);
        }
    }

    private static string Status(LineClient client, string ups) => client.Ask($"GET VAR {ups} ups.status") ?? "(connection closed)";

    /// <summary>
    /// The section is NUT's: not connected while no NUT driver runs for it, its data once NUT's
    /// dummy-ups runs, and the server's log says why.
    /// </summary>
    private async Task AssertServedByNutAsync(HostRun server, LineClient client, string ups, string expectedData, string reason)
    {
        Assert.That(Wait.UntilValue(() => Status(client, ups), r => r == NotConnected, $"{ups} waiting for NUT's driver"), Is.EqualTo(NotConnected));
        await StartNutDummyUpsAsync(ups);
        Wait.UntilValue(() => Status(client, ups), r => r == expectedData, $"{ups}'s data through NUT's dummy-ups\n{server.Output}");
        Assert.That(server.Output, Does.Contain($"[{ups}] driver dummy-ups: external ({reason})"));
    }

    private static void AssertServedBuiltIn(HostRun server, LineClient client, string ups, string expectedData, string reason)
    {
        Assert.That(Wait.UntilValue(() => Status(client, ups), r => r == expectedData, $"{ups}'s data from the built-in driver"), Is.EqualTo(expectedData));
        Assert.That(server.Output, Does.Contain($"[{ups}] driver dummy-ups: built-in ({reason})"));
    }

    private async Task<(HostRun Server, LineClient Client)> ServeAsync(IReadOnlyDictionary<string, string>? environment, string[] flags, string[] builtInUps)
    {
        var server = _sandbox.Start(environment, ["serve", "-F", .. flags]);
        await _sandbox.WaitUntilServingAsync(server, builtInUps);
        return (server, _sandbox.Connect());
    }

    [Test]
    public async Task A_dummy_ups_section_is_served_built_in_by_default()
    {
        var (server, client) = await ServeAsync(null, [], ["ups1", "ups2"]);
        using (client)
        {
            AssertServedBuiltIn(server, client, "ups1", Ups1Data, "default for dummy-ups");
            AssertServedBuiltIn(server, client, "ups2", Ups2Data, "default for dummy-ups");
            Assert.That(Directory.GetFileSystemEntries(_sandbox.StateDir), Is.Empty, "no NUT driver socket was needed");
        }
    }

    private static IEnumerable<TestCaseData> WaysToLeaveUps2ToNut()
    {
        yield return new TestCaseData(new[] { "--external", "ups2" }, null, null, "--external").SetArgDisplayNames("--external ups2");
        yield return new TestCaseData(new[] { "--external=UPS2" }, null, null, "--external").SetArgDisplayNames("--external=UPS2 (any case)");
        yield return new TestCaseData(Array.Empty<string>(), "NUTSHARP_EXTERNAL=ups2", null, "NUTSHARP_EXTERNAL").SetArgDisplayNames("NUTSHARP_EXTERNAL=ups2");
        yield return new TestCaseData(Array.Empty<string>(), null, "[drivers]\nexternal = [\"ups2\"]\n", "nutsharp.toml external").SetArgDisplayNames("nutsharp.toml external");
        yield return new TestCaseData(new[] { "--external-dummy-ups", "ups2" }, null, null, "--external-dummy-ups").SetArgDisplayNames("--external-dummy-ups ups2 (alias)");
        yield return new TestCaseData(Array.Empty<string>(), "NUTSHARP_EXTERNAL_DUMMY_UPS=ups2", null, "NUTSHARP_EXTERNAL_DUMMY_UPS").SetArgDisplayNames("NUTSHARP_EXTERNAL_DUMMY_UPS=ups2 (alias)");
    }

    [TestCaseSource(nameof(WaysToLeaveUps2ToNut))]
    public async Task A_section_named_external_is_served_by_nuts_driver_and_the_other_stays_built_in(string[] flags, string? variable, string? toml, string reason)
    {
        if (toml is not null) _sandbox.Write("nutsharp.toml", toml);
        var environment = variable?.Split('=', 2) is [var name, var value] ? new Dictionary<string, string> { [name] = value } : null;

        var (server, client) = await ServeAsync(environment, flags, ["ups1"]);
        using (client)
        {
            AssertServedBuiltIn(server, client, "ups1", Ups1Data, "default for dummy-ups");
            await AssertServedByNutAsync(server, client, "ups2", Ups2Data, reason);
        }
    }

    [Test]
    public async Task External_star_in_the_environment_leaves_every_section_to_nut()
    {
        var (server, client) = await ServeAsync(new Dictionary<string, string> { ["NUTSHARP_EXTERNAL"] = "*" }, [], []);
        using (client)
        {
            await AssertServedByNutAsync(server, client, "ups1", Ups1Data, "NUTSHARP_EXTERNAL *");
            await AssertServedByNutAsync(server, client, "ups2", Ups2Data, "NUTSHARP_EXTERNAL *");
        }
    }

    [Test]
    public async Task The_command_line_beats_nutsharp_toml()
    {
        _sandbox.Write("nutsharp.toml", "[drivers]\nexternal = [\"*\"]\n");

        var (server, client) = await ServeAsync(null, ["--builtin", "ups1"], ["ups1"]);
        using (client)
        {
            AssertServedBuiltIn(server, client, "ups1", Ups1Data, "--builtin");
            await AssertServedByNutAsync(server, client, "ups2", Ups2Data, "nutsharp.toml external *");
        }
    }

    [Test]
    public async Task The_sample_configuration_starts_with_its_nutsharp_toml()
    {
        string sample = Path.Combine(TestPaths.RepositoryRoot, "conf", "sample");
        foreach (var name in (string[])["ups.conf", "upsd.users", "lab.dev", "nutsharp.toml"])
            File.Copy(Path.Combine(sample, name), _sandbox.ConfPath(name), overwrite: true);

        var (server, client) = await ServeAsync(null, [], ["lab"]);
        using (client)
        {
            Assert.That(Status(client, "lab"), Does.StartWith("VAR lab ups.status "));
            Assert.That(server.Output, Does.Contain("[lab] driver dummy-ups: built-in (nutsharp.toml builtin)"));
            Assert.That(server.Output, Does.Contain("[rack] driver usbhid-ups: external (nutsharp.toml external)"));
            Assert.That(server.Stderr, Does.Not.Contain("warning"));
        }
    }

    [Test]
    public void A_broken_nutsharp_toml_refuses_start_up_with_file_line_and_column()
    {
        _sandbox.Write("nutsharp.toml", "[drivers]\nexternal = [\"ups2\"]\n  bulitin = [\"ups1\"]\n");

        var run = _sandbox.RunToExit("serve", "-F");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Output);
        Assert.That(run.Stderr, Is.EqualTo($"nutsharp: {TomlPath}:3:3: unknown key 'bulitin' in [drivers] (it takes builtin and external)\n"));
    }

    [Test]
    public void A_toml_syntax_error_refuses_start_up_with_file_line_and_column()
    {
        _sandbox.Write("nutsharp.toml", "[drivers]\nexternal = [\"ups2\"\n");

        var run = _sandbox.RunToExit("serve", "-F");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Output);
        Assert.That(run.Stderr, Does.StartWith($"nutsharp: {TomlPath}:3:1: "));
    }

    [Test]
    public void A_section_named_both_ways_on_the_command_line_refuses_start_up()
    {
        var run = _sandbox.RunToExit("serve", "-F", "--builtin", "ups1", "--external", "ups2,ups1");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Output);
        Assert.That(run.Stderr, Is.EqualTo("nutsharp: the command line: [ups1] is named in both --builtin and --external\n"));
    }

    [Test]
    public void Builtin_for_a_section_nutsharp_has_no_driver_for_refuses_start_up()
    {
        _sandbox.Append("ups.conf", "[usb]\n\tdriver = usbhid-ups\n\tport = auto\n");

        var run = _sandbox.RunToExit(new Dictionary<string, string> { ["NUTSHARP_BUILTIN"] = "usb" }, "serve", "-F");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Output);
        Assert.That(run.Stderr, Is.EqualTo("nutsharp: NUTSHARP_BUILTIN: [usb] uses usbhid-ups for a UPS other than Tripp Lite (vendorid 09ae), which NutSharp has no built-in driver for; only NUT's driver process can serve it\n"));
    }

    [Test]
    public async Task A_name_matching_no_section_is_a_warning_and_the_server_starts()
    {
        var (server, client) = await ServeAsync(null, ["--external", "ups9"], ["ups1", "ups2"]);
        using (client)
        {
            Assert.That(server.Stderr, Does.Contain("nutsharp: warning: --external: no section [ups9] in ups.conf"));
            AssertServedBuiltIn(server, client, "ups2", Ups2Data, "default for dummy-ups");
        }
    }

    [Test]
    public async Task Reload_moves_a_section_to_nut_when_nutsharp_toml_says_so()
    {
        var (server, client) = await ServeAsync(null, [], ["ups1", "ups2"]);
        using (client)
        {
            _sandbox.Write("nutsharp.toml", "[drivers]\nexternal = [\"ups2\"]\n");
            server.SendHangup();

            await AssertServedByNutAsync(server, client, "ups2", Ups2Data, "nutsharp.toml external");
            Assert.That(Status(client, "ups1"), Is.EqualTo(Ups1Data));
        }
    }

    [Test]
    public async Task A_broken_nutsharp_toml_abandons_the_reload_and_the_server_carries_on()
    {
        var (server, client) = await ServeAsync(null, [], ["ups1", "ups2"]);
        using (client)
        {
            _sandbox.Write("nutsharp.toml", "[drivers]\nexternal = \"ups2\"\n");
            server.SendHangup();

            Wait.Until(() => server.Output.Contains("reload abandoned", StringComparison.Ordinal), "the reload to be abandoned");
            Assert.That(server.Output, Does.Contain($"reload abandoned: {TomlPath}:2:12: 'external' takes a list of section names"));
            Assert.That(Status(client, "ups2"), Is.EqualTo(Ups2Data), "ups2 still served by the built-in driver");
        }
    }
}
