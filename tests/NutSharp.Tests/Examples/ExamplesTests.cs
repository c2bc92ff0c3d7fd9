using NutSharp.Testing;
using NutSharp.Config;
using NutSharp.Devices;
using NutSharp.Drivers;

namespace NutSharp.Tests.Examples;

/// <summary>The examples of src/NutSharp.Devices/README.md, run together: they must keep working as written.</summary>
public class ExamplesTests
{
    [Test]
    public async Task The_example_driver_feeds_the_example_front_end()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "80\n");
        using var store = new DeviceStore(new TrackingRegistry());
        var device = store.Add("myups", null);
        var driver = new ChargeFileDriver(new DriverContext
        {
            Device = device,
            Section = new UpsSection("myups", "charge-file", file, null, [new("driver", "charge-file"), new("port", file)], 1),
        });
        var printed = new StringWriter();
        using var stop = new CancellationTokenSource();
        // Called directly, RunAsync subscribes before it first yields: the printer follows every poll below.
        var printer = new StatusPrinter(store, TextWriter.Synchronized(printed)).RunAsync(stop.Token);

        Assert.That(await driver.PollOnceAsync(), Is.True);
        await File.WriteAllTextAsync(file, "15\n");
        Assert.That(await driver.PollOnceAsync(), Is.True);
        Assert.That(device.Current["battery.charge"], Is.EqualTo("15"));
        Assert.That(device.Current["driver.name"], Is.EqualTo("charge-file"));

        File.Delete(file);
        Assert.That(await driver.PollOnceAsync(), Is.False, "a missing file is a fault, not a crash");
        Assert.That(device.Availability(device.Current), Is.EqualTo(Availability.Stale));

        Wait.Until(() => printed.ToString().Contains("-> OB LB", StringComparison.Ordinal), "the printer to see the change");
        await stop.CancelAsync();
        Assert.That(async () => await printer, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(printed.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries),
            Is.EqualTo(new[] { "myups: - -> OL", "myups: OL -> OB LB" }).Or.EqualTo(new[] { "myups: - -> OB LB" }),
            "a feed that reads after both polls skips the intermediate state and reaches the latest");
    }
}
