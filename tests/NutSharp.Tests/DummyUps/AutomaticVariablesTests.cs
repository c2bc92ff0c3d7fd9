using NutSharp.Devices;

namespace NutSharp.Tests.DummyUps;

/// <summary>dummy-ups.md §10: the variables every dummy-ups device has.</summary>
public class AutomaticVariablesTests
{
    [Test]
    public void An_empty_file_publishes_the_basic_set()
    {
        using var bench = DummyUpsBench.Start("ups.dev", "");
        Assert.That(bench.Variables(), Is.EqualTo(new Dictionary<string, string>
        {
            ["device.mfr"] = "Dummy Manufacturer",
            ["device.model"] = "Dummy UPS",
            ["device.type"] = "ups",
            ["driver.name"] = "dummy-ups",
            ["driver.parameter.mode"] = "dummy-once",
            ["driver.parameter.pollinterval"] = "2",
            ["driver.parameter.port"] = "ups.dev",
            ["driver.parameter.synchronous"] = "auto",
            ["driver.version"] = "2.8.0",
            ["driver.version.internal"] = "0.15",
            ["ups.mfr"] = "Dummy Manufacturer",
            ["ups.model"] = "Dummy UPS",
            ["ups.status"] = "OL",
        }));
        Assert.That(bench.Commands, Is.EqualTo(new[] { "load.off" }));
    }

    [Test]
    public void Every_other_option_is_a_driver_parameter_or_flag()
    {
        using var bench = DummyUpsBench.Start("ups.dev", "",
            ("pollinterval", "5"), ("synchronous", "yes"), ("mode", "dummy-once"), ("custom", "value"), ("nolock", null), ("sdorder", "3"));
        Assert.That(bench.Value("driver.parameter.pollinterval"), Is.EqualTo("5"));
        Assert.That(bench.Value("driver.parameter.synchronous"), Is.EqualTo("yes"));
        Assert.That(bench.Value("driver.parameter.mode"), Is.EqualTo("dummy-once"));
        Assert.That(bench.Value("driver.parameter.custom"), Is.EqualTo("value"));
        Assert.That(bench.Value("driver.flag.nolock"), Is.EqualTo("enabled"));
        Assert.That(bench.Value("driver.parameter.sdorder"), Is.Null);
    }

    [Test]
    public void Device_identity_is_copied_once_after_the_first_pass()
    {
        using var bench = DummyUpsBench.Start("ups.dev", "ups.mfr: Acme\nups.model: M1\nups.serial: S1\n");
        Assert.That(bench.Value("device.mfr"), Is.EqualTo("Acme"));
        Assert.That(bench.Value("device.model"), Is.EqualTo("M1"));
        Assert.That(bench.Value("device.serial"), Is.EqualTo("S1"));

        bench.Write("ups.mfr: Other\nups.model: M1\nups.serial: S1\n");
        bench.Poll();
        Assert.That(bench.Value("ups.mfr"), Is.EqualTo("Other"));
        Assert.That(bench.Value("device.mfr"), Is.EqualTo("Acme"), "not kept in sync");
    }

    [Test]
    public void A_file_setting_only_device_mfr_gets_it_back_on_the_next_read()
    {
        using var bench = DummyUpsBench.Start("ups.dev", "device.mfr: Own\n");
        Assert.That(bench.Value("device.mfr"), Is.EqualTo("Dummy Manufacturer"));
        File.SetLastWriteTimeUtc(bench.FilePath, DateTime.UtcNow.AddMinutes(-10));
        bench.Poll();
        Assert.That(bench.Value("device.mfr"), Is.EqualTo("Own"));
    }

    [Test]
    public void Driver_and_copied_device_variables_are_read_only()
    {
        using var bench = DummyUpsBench.Start("ups.dev", "ups.serial: S1\n");
        foreach (var name in new[] { "driver.name", "driver.version", "driver.version.internal", "driver.parameter.port",
                     "driver.parameter.mode", "device.mfr", "device.model", "device.serial", "device.type" })
            Assert.That(bench.Info(name).Flags, Is.EqualTo(VariableFlags.None), name);
    }
}
