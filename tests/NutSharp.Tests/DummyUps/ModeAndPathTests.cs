namespace NutSharp.Tests.DummyUps;

/// <summary>dummy-ups.md §2 and §1: which mode, and which file.</summary>
public class ModeAndPathTests
{
    [TestCase("ups.dev", null, "dummy-once")]
    [TestCase("ups.seq", null, "dummy-loop")]
    [TestCase("ups.txt", null, "dummy")]
    [TestCase("ups.seq", "dummy-once", "dummy-once")]
    [TestCase("ups.dev", "dummy-loop", "dummy-loop")]
    [TestCase("ups.txt", "dummy", "dummy-loop")]
    [TestCase("ups.dev", "bogus", "dummy-once")]
    [TestCase("ups.seq", "bogus", "dummy-loop")]
    [TestCase("ups.txt", "bogus", "dummy")]
    public void Reports_the_mode_it_settled_on(string port, string? mode, string expected)
    {
        var options = mode is null ? [] : new[] { ("mode", (string?)mode) };
        using var bench = DummyUpsBench.Start(port, "ups.mfr: Acme\n", options);
        Assert.That(bench.Value("driver.parameter.mode"), Is.EqualTo(expected));
        Assert.That(bench.Value("ups.mfr"), Is.EqualTo("Acme"));
    }

    [Test]
    public void A_seq_file_in_once_mode_is_not_read_again()
    {
        using var bench = DummyUpsBench.Start("ups.seq", "battery.charge: 100\n", ("mode", "dummy-once"));
        bench.Set("battery.charge", "42", null);
        bench.Poll(5);
        Assert.That(bench.Value("battery.charge"), Is.EqualTo("42"));
    }

    [Test]
    public void A_dev_file_in_loop_mode_is_read_every_cycle()
    {
        using var bench = DummyUpsBench.Start("ups.dev", "battery.charge: 100\n", ("mode", "dummy-loop"));
        bench.Set("battery.charge", "42", null);
        bench.Poll(2);
        Assert.That(bench.Value("battery.charge"), Is.EqualTo("100"));
    }

    [TestCase("other@localhost", null)]
    [TestCase("ups.dev", "repeater")]
    public async Task Repeater_mode_is_not_built_in_and_reports_not_connected(string port, string? mode)
    {
        var options = mode is null ? [] : new[] { ("mode", (string?)mode) };
        using var bench = new DummyUpsBench(port, options);
        using var cts = new CancellationTokenSource();
        var run = bench.Driver.RunAsync(cts.Token);
        bench.Poll();
        Assert.That(bench.Availability, Is.EqualTo(NutSharp.Devices.Availability.NotConnected));
        Assert.That(run.IsCompleted, Is.False);
        await cts.CancelAsync();
        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void A_port_with_an_at_sign_and_an_explicit_file_mode_is_a_file()
    {
        using var bench = DummyUpsBench.Start("odd@name.dev", "ups.mfr: Acme\n", ("mode", "dummy-once"));
        Assert.That(bench.Value("ups.mfr"), Is.EqualTo("Acme"));
    }

    [TestCase("sub/ups.dev")]
    [TestCase("./ups.dev")]
    public void A_relative_port_is_resolved_against_the_configuration_directory(string port)
    {
        using var bench = new DummyUpsBench(port);
        Assert.That(bench.FilePath, Is.EqualTo(Path.Combine(bench.ConfDir, port)));
        bench.Write("ups.mfr: Relative\n");
        bench.Poll();
        Assert.That(bench.Value("ups.mfr"), Is.EqualTo("Relative"));
        Assert.That(bench.Value("driver.parameter.port"), Is.EqualTo(port));
    }

    [Test]
    public void An_absolute_port_is_used_as_given()
    {
        var elsewhere = Directory.CreateTempSubdirectory("nutsharp-dummyups-abs-").FullName;
        try
        {
            var path = Path.Combine(elsewhere, "abs.dev");
            File.WriteAllText(path, "ups.mfr: Absolute\n");
            using var bench = new DummyUpsBench(path);
            bench.Poll();
            Assert.That(bench.FilePath, Is.EqualTo(path));
            Assert.That(bench.Value("ups.mfr"), Is.EqualTo("Absolute"));
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }
}
