using NutSharp.Devices;

namespace NutSharp.Tests.DummyUps;

/// <summary>dummy-ups.md §4.9 and §11: flags the server checks SET against, and what SET and INSTCMD do.</summary>
public class SetAndCommandTests
{
    [TestCase("ups.mfr", true, 32)]
    [TestCase("ups.status", true, 32)]
    [TestCase("ups.serial", true, 32)]
    [TestCase("ups.time", true, 16)]
    [TestCase("ups.firmware", true, 16)]
    [TestCase("input.quality", true, 6)]
    [TestCase("input.sensitivity", true, 1)]
    [TestCase("input.transfer.reason", true, 1)]
    [TestCase("custom.unknown.var", true, 32)]
    [TestCase("device.serial.x", true, 32)]
    [TestCase("battery.charge", false, 0)]
    [TestCase("battery.runtime", false, 0)]
    [TestCase("input.voltage", false, 0)]
    [TestCase("ups.load", false, 0)]
    [TestCase("ambient.temperature", false, 0)]
    public void Variables_from_the_file_get_the_flags_of_the_built_in_table(string name, bool isString, int maxLength)
    {
        using var bench = DummyUpsBench.Start("ups.dev", $"{name}: 1\n");
        var info = bench.Info(name);
        Assert.That(info.Flags, Is.EqualTo(isString ? VariableFlags.ReadWrite | VariableFlags.String : VariableFlags.ReadWrite));
        if (isString) Assert.That(info.Aux, Is.EqualTo(maxLength));
        Assert.That(info.Enums, Is.Empty);
        Assert.That(info.Ranges, Is.Empty);
    }

    [Test]
    public void File_values_may_be_longer_than_the_set_limit()
    {
        var value = new string('x', 100);
        using var bench = DummyUpsBench.Start("ups.dev", $"ups.mfr: {value}\n");
        Assert.That(bench.Value("ups.mfr"), Is.EqualTo(value));
        Assert.That(bench.Info("ups.mfr").Aux, Is.EqualTo(32));
    }

    [Test]
    public void Set_applies_the_value_and_reports_success()
    {
        using var bench = DummyUpsBench.Start("ups.dev", "battery.charge: 100\ncustom.var: a\n");
        var id = bench.Tracking.NewId();
        bench.Tracking.Register(id);
        Assert.That(bench.Set("battery.charge", "50", id), Is.EqualTo(DeviceRequestResult.Accepted));
        Assert.That(bench.Value("battery.charge"), Is.EqualTo("50"));
        Assert.That(bench.Tracking.Get(id), Is.EqualTo(TrackingStatus.Success));

        Assert.That(bench.Set("battery.charge", "notanumber", null), Is.EqualTo(DeviceRequestResult.Accepted));
        Assert.That(bench.Value("battery.charge"), Is.EqualTo("notanumber"));
        Assert.That(bench.Set("CUSTOM.VAR", "b", null), Is.EqualTo(DeviceRequestResult.Accepted));
        Assert.That(bench.Value("custom.var"), Is.EqualTo("b"));
    }

    [Test]
    public void Set_with_an_empty_value_deletes_the_variable()
    {
        using var bench = DummyUpsBench.Start("ups.dev", "custom.var: a\n");
        bench.Set("custom.var", "", null);
        Assert.That(bench.Value("custom.var"), Is.Null);
    }

    [Test]
    public void Set_of_ups_status_replaces_it_with_the_whole_string()
    {
        using var bench = DummyUpsBench.Start("ups.dev", "ups.status: OL CHRG\n");
        bench.Set("ups.status", "OB LB", null);
        Assert.That(bench.Value("ups.status"), Is.EqualTo("OB LB"));
        bench.Set("ups.status", "", null);
        Assert.That(bench.Value("ups.status"), Is.EqualTo(""), "the status is emptied, not deleted");
    }

    [Test]
    public void Set_is_refused_while_not_connected()
    {
        using var bench = new DummyUpsBench("ups.dev");
        bench.Poll();
        var id = bench.Tracking.NewId();
        bench.Tracking.Register(id);
        Assert.That(bench.Set("ups.mfr", "x", id), Is.EqualTo(DeviceRequestResult.Failed));
        Assert.That(bench.Tracking.Get(id), Is.EqualTo(TrackingStatus.Failed));
    }

    [Test]
    public void Load_off_is_listed_but_not_implemented()
    {
        using var bench = DummyUpsBench.Start("ups.dev", "");
        Assert.That(bench.Device.Current.HasCommand("load.off"), Is.True);
        Assert.That(bench.Device.Current.HasCommand("test.battery.start"), Is.False);
        var id = bench.Tracking.NewId();
        bench.Tracking.Register(id);
        Assert.That(bench.Command("load.off", null, id), Is.EqualTo(DeviceRequestResult.Accepted));
        Assert.That(bench.Tracking.Get(id), Is.EqualTo(TrackingStatus.Unknown));
    }

    [Test]
    public void Override_options_are_fixed_and_default_options_are_initial_values()
    {
        using var bench = DummyUpsBench.Start("ups.dev", "ups.mfr: FromFile\ncustom.d: file\n",
            ("override.ups.mfr", "Fixed"), ("default.custom.d", "initial"), ("default.custom.e", "kept"));
        Assert.That(bench.Value("ups.mfr"), Is.EqualTo("Fixed"));
        Assert.That(bench.Info("ups.mfr").Flags, Is.EqualTo(VariableFlags.None));
        Assert.That(bench.Value("device.mfr"), Is.EqualTo("Fixed"));
        bench.Set("ups.mfr", "bySet", null);
        Assert.That(bench.Value("ups.mfr"), Is.EqualTo("Fixed"));

        Assert.That(bench.Value("custom.d"), Is.EqualTo("file"));
        Assert.That(bench.Info("custom.d").Flags, Is.EqualTo(VariableFlags.ReadWrite | VariableFlags.String));
        Assert.That(bench.Value("custom.e"), Is.EqualTo("kept"));
        Assert.That(bench.Info("custom.e").Flags, Is.EqualTo(VariableFlags.None));
        Assert.That(bench.Value("driver.parameter.override.ups.mfr"), Is.Null);
    }
}
