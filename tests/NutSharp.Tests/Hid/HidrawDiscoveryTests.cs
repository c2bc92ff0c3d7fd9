using NutSharp.Config;
using NutSharp.Drivers;
using NutSharp.Drivers.Hid;

namespace NutSharp.Tests.Hid;

/// <summary>Discovery and matching on a fake sysfs tree laid out as Linux lays out /sys/class/hidraw.</summary>
public class HidrawDiscoveryTests
{
    private string _root = "";

    [SetUp]
    public void MakeTree() => _root = Directory.CreateTempSubdirectory("nutsharp-sysfs-").FullName;

    [TearDown]
    public void RemoveTree() => Directory.Delete(_root, recursive: true);

    /// <summary>/sys/devices/.../usbB/B-P/B-P:1.0/0003:VVVV:PPPP.000N with /sys/class/hidraw/hidrawN/device pointing at it.</summary>
    private void AddDevice(int n, string hidId, string? serial, int bus, string port, string? manufacturer = "Tripp Lite", string? product = "SMART1500LCD")
    {
        string usb = Path.Combine(_root, "devices", "pci0000:00", "0000:00:14.0", $"usb{bus}", port);
        string hid = Path.Combine(usb, port + ":1.0", $"{hidId}.{n:X4}");
        Directory.CreateDirectory(hid);
        File.WriteAllText(Path.Combine(hid, "uevent"),
            $"DRIVER=hid-generic\nHID_ID={hidId}\nHID_NAME={manufacturer} {product}\nHID_PHYS=usb-0000:00:14.0-{port[2..]}/input0\nHID_UNIQ={serial}\nMODALIAS=hid:b0003g0001v000009AEp00003016\n");
        File.WriteAllBytes(Path.Combine(hid, "report_descriptor"), HidFixtures.Descriptor("tripplite_like_synthetic"));
        File.WriteAllText(Path.Combine(usb, "busnum"), bus + "\n");
        if (manufacturer is not null) File.WriteAllText(Path.Combine(usb, "manufacturer"), manufacturer + "\n");
        if (product is not null) File.WriteAllText(Path.Combine(usb, "product"), product + "\n");
        string entry = Path.Combine(_root, "class", "hidraw", $"hidraw{n}");
        Directory.CreateDirectory(entry);
        Directory.CreateSymbolicLink(Path.Combine(entry, "device"), hid);
    }

    private static UpsSection Section(params (string Key, string Value)[] options) =>
        new("ups", "usbhid-ups", "auto", null, options.Select(o => new KeyValuePair<string, string?>(o.Key, o.Value)).ToList(), 7);

    [Test]
    public void Every_usb_hid_device_is_found_with_its_ids_strings_bus_and_port()
    {
        AddDevice(0, "0003:000009AE:00003016", "2233AB", 1, "1-4");
        AddDevice(3, "0003:0000046D:0000C52B", null, 2, "2-1", "Logitech", "USB Receiver");
        AddDevice(5, "0005:000009AE:00002012", "BT", 1, "1-9"); // Bluetooth: not this driver's business
        var found = new HidrawDiscovery(_root, "/dev").Enumerate();
        Assert.That(found, Has.Count.EqualTo(2));
        Assert.That(found[0], Is.EqualTo(new HidDeviceInfo("/dev/hidraw0", 0x09ae, 0x3016, "2233AB", "Tripp Lite", "SMART1500LCD", "001", "usb-0000:00:14.0-4")));
        Assert.That(found[1].Node, Is.EqualTo("/dev/hidraw3"));
        Assert.That(found[1].Serial, Is.Null);
    }

    [Test]
    public void The_descriptor_is_read_from_sysfs_without_opening_the_node()
    {
        AddDevice(1, "0003:000009AE:00003016", "X", 1, "1-4");
        var discovery = new HidrawDiscovery(_root, "/dev");
        Assert.That(discovery.ReadDescriptor(discovery.Enumerate()[0]), Is.EqualTo(HidFixtures.Descriptor("tripplite_like_synthetic")));
    }

    [Test]
    public void A_missing_class_directory_means_no_devices()
    {
        Assert.That(new HidrawDiscovery(Path.Combine(_root, "nothing")).Enumerate(), Is.Empty);
    }

    [Test]
    public void Matching_uses_usbhid_ups_options_as_whole_case_insensitive_regular_expressions()
    {
        var ups = new HidDeviceInfo("/dev/hidraw0", 0x09ae, 0x3016, "2233AB", "Tripp Lite", "SMART1500LCDT", "001", null);
        Assert.Multiple(() =>
        {
            Assert.That(new HidDeviceMatcher(Section(("vendorid", "09AE"))).Matches(ups), Is.True);
            Assert.That(new HidDeviceMatcher(Section(("vendorid", "09ae"), ("productid", "30.."))).Matches(ups), Is.True);
            Assert.That(new HidDeviceMatcher(Section(("productid", "301"))).Matches(ups), Is.False, "the whole value must match");
            Assert.That(new HidDeviceMatcher(Section(("serial", "2233ab"))).Matches(ups), Is.True);
            Assert.That(new HidDeviceMatcher(Section(("product", "SMART1500.*"), ("vendor", "tripp lite"))).Matches(ups), Is.True);
            Assert.That(new HidDeviceMatcher(Section(("bus", "002"))).Matches(ups), Is.False);
            Assert.That(new HidDeviceMatcher(Section(("serial", "x"))).Matches(ups with { Serial = null }), Is.False);
        });
    }

    [Test]
    public void A_bad_regular_expression_names_the_line_and_option()
    {
        var error = Assert.Throws<DriverFaultException>(() => new HidDeviceMatcher(Section(("serial", "(unclosed"))));
        Assert.That(error!.Message, Does.Contain("line 7").And.Contain("serial"));
    }
}
