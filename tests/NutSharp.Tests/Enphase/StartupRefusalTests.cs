namespace NutSharp.Tests.Enphase;

/// <summary>The command's refusals and exit statuses, as the script's (1 fatal, 2 usage, 0 help).</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class StartupRefusalTests
{
    [Test]
    public void Help_goes_to_stdout_with_status_0_and_an_unknown_option_to_stderr_with_status_2()
    {
        using var sandbox = new EnphaseSandbox();
        var help = sandbox.Run("-h");
        Assert.That(help.Status, Is.Zero);
        Assert.That(help.Stdout, Does.StartWith("Usage: nutsharp enphase-monitor"));
        var unknown = sandbox.Run("-q");
        Assert.That(unknown.Status, Is.EqualTo(2));
        Assert.That(unknown.Stderr, Does.StartWith("Unknown option: '-q'"));
        var nothing = sandbox.RunExactly();
        Assert.That(nothing.Status, Is.EqualTo(2), "neither a config nor a UPS");
    }

    [Test]
    public void A_ups_name_selects_enphase_ups_conf_in_the_system_config_directory()
    {
        using var sandbox = new EnphaseSandbox();
        sandbox.WriteConfig();
        File.WriteAllText(sandbox.PortFile, "");
        sandbox.WriteToken(TimeSpan.FromDays(30));
        sandbox.EnvironmentVariables["NUT_SYSCONFIG"] = sandbox.Root;
        var result = sandbox.RunExactly("-s", "gw");
        Assert.That(result.Status, Is.Zero, result.Stderr);
        Assert.That(File.ReadAllText(sandbox.PortFile), Does.Contain("ups.status: OL\n"));
    }

    [Test]
    public void Missing_keys_are_listed_together()
    {
        using var sandbox = new EnphaseSandbox();
        File.WriteAllText(sandbox.ConfigPath, $"UPS=gw\nUSERNAME=u\nSTATE_DIR={sandbox.StateDir}\n");
        File.SetUnixFileMode(sandbox.ConfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var result = sandbox.Run("-s");
        Assert.That(result.Status, Is.EqualTo(1));
        Assert.That(result.Stderr, Does.Contain($"Config {sandbox.ConfigPath} requires values for PASSWORD SERIAL PORT_FILE"));
    }

    [Test]
    public void A_config_readable_by_others_is_refused()
    {
        using var sandbox = new EnphaseSandbox();
        sandbox.WriteConfig();
        File.WriteAllText(sandbox.PortFile, "");
        File.SetUnixFileMode(sandbox.ConfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var result = sandbox.Run("-s");
        Assert.That(result.Status, Is.EqualTo(1));
        Assert.That(result.Stderr, Does.Contain("World read permissions exist on config"));
        Assert.That(sandbox.Fake.Calls, Is.Empty);
    }

    [Test]
    public void A_token_file_readable_by_others_is_refused()
    {
        using var sandbox = new EnphaseSandbox();
        sandbox.WriteConfig();
        File.WriteAllText(sandbox.PortFile, "");
        sandbox.WriteToken(TimeSpan.FromDays(30));
        File.SetUnixFileMode(sandbox.TokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var result = sandbox.Run("-s");
        Assert.That(result.Status, Is.EqualTo(1));
        Assert.That(result.Stderr, Does.Contain("World read permissions exist on token"));
    }

    [Test]
    public void A_state_directory_writable_by_others_is_refused()
    {
        using var sandbox = new EnphaseSandbox();
        sandbox.WriteConfig();
        File.WriteAllText(sandbox.PortFile, "");
        File.SetUnixFileMode(sandbox.StateDir, (UnixFileMode)0b111_111_111);
        var result = sandbox.Run("-s");
        Assert.That(result.Status, Is.EqualTo(1));
        Assert.That(result.Stderr, Does.Contain("World write permissions on state directory"));
    }

    [Test]
    public void Without_the_port_file_or_its_nocomms_copy_the_monitor_does_not_start()
    {
        using var sandbox = new EnphaseSandbox();
        sandbox.WriteConfig();
        sandbox.WriteToken(TimeSpan.FromDays(30));
        var result = sandbox.Run("-s");
        Assert.That(result.Status, Is.EqualTo(1));
        Assert.That(result.Stderr, Does.Contain($"Port file '{sandbox.PortFile}' unreadable"));
        Assert.That(sandbox.Fake.Calls, Is.Empty);
    }

    [Test]
    public void Minus_x_hides_the_port_file_without_asking_the_gateway()
    {
        using var sandbox = new EnphaseSandbox();
        sandbox.WriteConfig();
        sandbox.WriteToken(TimeSpan.FromDays(30));
        File.WriteAllText(sandbox.PortFile, "ups.status: OL\nbattery.charge: 100\n");
        var result = sandbox.Run("-x");
        Assert.That(result.Status, Is.Zero, result.Stderr);
        Assert.That(File.Exists(sandbox.PortFile), Is.False);
        Assert.That(File.ReadAllText(sandbox.HiddenPortFile), Is.EqualTo("ups.status: OL\nbattery.charge: 100\n"), "hidden, not rewritten");
        Assert.That(sandbox.Fake.Calls, Is.Empty);
    }

    [Test]
    public void A_config_line_bash_would_run_as_a_command_is_refused_with_its_line()
    {
        using var sandbox = new EnphaseSandbox();
        File.WriteAllText(sandbox.ConfigPath, "UPS=gw\n# comment\nPASSWORD=$(cat /etc/secret)\n");
        File.SetUnixFileMode(sandbox.ConfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var result = sandbox.Run("-s");
        Assert.That(result.Status, Is.EqualTo(1));
        Assert.That(result.Stderr, Does.Contain($"Config {sandbox.ConfigPath} cannot be parsed: line 3: command substitution is not supported"));
    }
}
