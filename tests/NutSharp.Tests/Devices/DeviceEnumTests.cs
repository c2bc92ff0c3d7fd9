using NutSharp.Devices;

namespace NutSharp.Tests.Devices;

public class DeviceEnumTests
{
    private static Device NewDevice()
    {
        var device = new DeviceStore(new TrackingRegistry()).Add("ups", null);
        device.Publish(u =>
        {
            u.LinkUp();
            u.SetInfo("x", "a");
        });
        return device;
    }

    [Test]
    public void Addenum_stores_the_escaped_form_and_drops_exact_duplicates()
    {
        var device = NewDevice();
        device.Publish(u => u.AddEnum("x", "say \"hi\""));
        device.Publish(u => u.AddEnum("x", "say \"hi\""));
        Assert.That(device.TryGetVariable("x", out var v), Is.True);
        Assert.That(v.Enums, Is.EqualTo(new[] { "say \\\"hi\\\"" }));
    }

    [Test]
    public void Delenum_compares_the_raw_value_with_the_stored_escaped_entries_as_upsd_does()
    {
        var device = NewDevice();
        device.Publish(u => u.AddEnum("x", "a\\b")); // stored as a\\b
        device.Publish(u => u.DelEnum("x", "a\\b")); // raw a\b does not match the stored a\\b: upsd keeps it
        Assert.That(device.TryGetVariable("x", out var kept), Is.True);
        Assert.That(kept.Enums, Has.Length.EqualTo(1));
        device.Publish(u => u.DelEnum("x", "A\\\\B")); // raw A\\B matches, ignoring case
        Assert.That(device.TryGetVariable("x", out var gone), Is.True);
        Assert.That(gone.Enums, Is.Empty);
    }
}
