using NutSharp.Devices;

namespace NutSharp.Tests.DummyUps;

/// <summary>dummy-ups.md §4 and §9: what each line does.</summary>
public class LineSemanticsTests
{
    [Test]
    public void Driver_lines_are_skipped_but_other_namespaces_are_settable()
    {
        using var bench = DummyUpsBench.Start("ups.dev",
            "driver.name: fake\ndriver.parameter.port: fake\ndriverx.foo: bar\ndevice.type: pdu\nserver.info: x\n");
        Assert.That(bench.Value("driver.name"), Is.EqualTo("dummy-ups"));
        Assert.That(bench.Value("driver.parameter.port"), Is.EqualTo("ups.dev"));
        Assert.That(bench.Value("driverx.foo"), Is.EqualTo("bar"));
        Assert.That(bench.Value("device.type"), Is.EqualTo("pdu"));
        Assert.That(bench.Value("server.info"), Is.EqualTo("x"));
        Assert.That(bench.Info("device.type").Flags, Is.EqualTo(VariableFlags.ReadWrite | VariableFlags.String));
    }

    [Test]
    public void Names_match_case_insensitively_and_keep_their_first_spelling()
    {
        using var bench = DummyUpsBench.Start("ups.dev", "UPS.MFR: Acme\nCustom.Var: 1\ncustom.var: 2\n");
        var variables = bench.Variables();
        Assert.That(variables["ups.mfr"], Is.EqualTo("Acme"));
        Assert.That(variables.ContainsKey("UPS.MFR"), Is.False);
        Assert.That(variables["Custom.Var"], Is.EqualTo("2"));
        Assert.That(variables.ContainsKey("custom.var"), Is.False);
    }

    [Test]
    public void The_last_of_duplicate_lines_wins()
    {
        using var bench = DummyUpsBench.Start("ups.dev", "ups.model: A\nups.model: B\n");
        Assert.That(bench.Value("ups.model"), Is.EqualTo("B"));
    }

    [Test]
    public void A_name_without_value_is_ignored()
    {
        using var bench = DummyUpsBench.Start("ups.dev", "prev: previous-line-value\ntest.emptyvalue:\n");
        Assert.That(bench.Value("test.emptyvalue"), Is.Null);
        Assert.That(bench.Value("prev"), Is.EqualTo("previous-line-value"));
    }

    [Test]
    public void A_line_whose_name_is_only_a_colon_is_ignored()
    {
        using var bench = DummyUpsBench.Start("ups.dev", ": orphan\nafter: 1\n");
        Assert.That(bench.Device.Current.Variables.Any(v => v.Name.Length == 0), Is.False);
        Assert.That(bench.Value("after"), Is.EqualTo("1"));
    }

    [Test]
    public void An_empty_quoted_value_deletes_and_a_removed_line_keeps_its_value()
    {
        using var bench = DummyUpsBench.Start("ups.dev", "custom.todelete: x\nkeep: 1\n");
        Assert.That(bench.Value("custom.todelete"), Is.EqualTo("x"));
        bench.Write("custom.todelete: \"\"\n");
        bench.Poll();
        Assert.That(bench.Value("custom.todelete"), Is.Null);
        Assert.That(bench.Value("keep"), Is.EqualTo("1"));
    }

    [TestCase("ups.status: OB LB\n", "OB LB")]
    [TestCase("ups.statusfoo: X1 X2\n", "X1 X2")]
    [TestCase("ups.status.extra: OB\n", "OB")]
    [TestCase("ups.status:\n", "")]
    [TestCase("ups.status: \"\"\n", "")]
    [TestCase("ups.status: OL OL CHRG OL \"OB LB\"\n", "OL OL CHRG OL OB LB")]
    [TestCase("ups.status: OL\t  CHRG\n", "OL CHRG")]
    [TestCase("battery.charge: 50\n", "OL")]
    [TestCase("", "OL")]
    public void Status_lines_follow_2_8_0(string content, string expected)
    {
        using var bench = DummyUpsBench.Start("ups.dev", content);
        Assert.That(bench.Value("ups.status"), Is.EqualTo(expected));
    }

    [Test]
    public void Ignorelb_replaces_lb_from_the_file_by_the_charge_test_with_values_already_stored()
    {
        using var bench = DummyUpsBench.Start("ups.dev",
            "ups.status: OB LB\nbattery.charge: 10\nbattery.charge.low: 20\n", ("ignorelb", null));
        // The status line came before the charge lines: no charge yet, so no LB.
        Assert.That(bench.Value("ups.status"), Is.EqualTo("OB"));
        File.SetLastWriteTimeUtc(bench.FilePath, DateTime.UtcNow.AddMinutes(-5));
        bench.Poll();
        Assert.That(bench.Value("ups.status"), Is.EqualTo("OB LB"));
        Assert.That(bench.Value("driver.flag.ignorelb"), Is.EqualTo("enabled"));
    }
}
