using System.Globalization;

namespace NutSharp.Drivers.Hid;

/// <summary>
/// Finds hidraw devices through sysfs, without opening them (reading sysfs needs no permission on
/// the node): <c>/sys/class/hidraw/hidrawN/device</c> is the HID device (its <c>uevent</c> has
/// HID_ID, HID_NAME, HID_PHYS, HID_UNIQ); two levels up is the USB device, with <c>busnum</c>,
/// <c>manufacturer</c>, <c>product</c> and <c>serial</c>.
/// </summary>
/// <param name="sysRoot">/sys, or a fake tree in tests.</param>
/// <param name="devRoot">/dev, where the hidrawN nodes are.</param>
public sealed class HidrawDiscovery(string sysRoot = "/sys", string devRoot = "/dev")
{
    public IReadOnlyList<HidDeviceInfo> Enumerate()
    {
        string classDir = Path.Combine(sysRoot, "class", "hidraw");
        if (!Directory.Exists(classDir)) return [];
        var found = new List<HidDeviceInfo>();
        foreach (var entry in Directory.GetFileSystemEntries(classDir).Order(StringComparer.Ordinal))
        {
            if (Describe(entry) is { } info) found.Add(info);
        }
        return found;
    }

    /// <summary>One /sys/class/hidraw/hidrawN entry; null when it is not a USB HID device or has vanished meanwhile.</summary>
    public HidDeviceInfo? Describe(string classEntry)
    {
        try
        {
            string device = Resolve(Path.Combine(classEntry, "device"));
            var uevent = ReadUevent(Path.Combine(device, "uevent"));
            if (!uevent.TryGetValue("HID_ID", out var id) || ParseId(id) is not { } ids) return null;
            if (ids.Bus != 0x0003) return null; // BUS_USB: a UPS on Bluetooth or I2C is not what this driver knows
            string? usb = Directory.GetParent(device)?.Parent?.FullName;
            string? phys = uevent.GetValueOrDefault("HID_PHYS");
            int slash = phys?.IndexOf('/', StringComparison.Ordinal) ?? -1;
            return new HidDeviceInfo(
                Node: Path.Combine(devRoot, Path.GetFileName(classEntry)),
                VendorId: ids.Vendor,
                ProductId: ids.Product,
                Serial: NonEmpty(uevent.GetValueOrDefault("HID_UNIQ")) ?? ReadAttribute(usb, "serial"),
                Manufacturer: ReadAttribute(usb, "manufacturer"),
                Product: ReadAttribute(usb, "product"),
                Bus: int.TryParse(ReadAttribute(usb, "busnum"), NumberStyles.None, CultureInfo.InvariantCulture, out int bus)
                    ? bus.ToString("D3", CultureInfo.InvariantCulture) : null,
                Port: slash > 0 ? phys![..slash] : NonEmpty(phys));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The raw report descriptor sysfs offers beside the node (same bytes as HIDIOCGRDESC).</summary>
    public byte[]? ReadDescriptor(HidDeviceInfo info)
    {
        string file = Path.Combine(sysRoot, "class", "hidraw", Path.GetFileName(info.Node), "device", "report_descriptor");
        return File.Exists(file) ? File.ReadAllBytes(file) : null;
    }

    /// <summary>HID_ID=0003:000009AE:00003016 → bus 3, vendor 0x09ae, product 0x3016.</summary>
    internal static (ushort Bus, ushort Vendor, ushort Product)? ParseId(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 3) return null;
        if (!uint.TryParse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint bus)
            || !uint.TryParse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint vendor)
            || !uint.TryParse(parts[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint product))
            return null;
        return ((ushort)bus, (ushort)vendor, (ushort)product);
    }

    internal static Dictionary<string, string> ReadUevent(string file)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(file))
        {
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) values[line[..eq]] = line[(eq + 1)..];
        }
        return values;
    }

    private static string Resolve(string path)
    {
        var target = new DirectoryInfo(path).ResolveLinkTarget(returnFinalTarget: true);
        return target?.FullName ?? Path.GetFullPath(path);
    }

    private static string? ReadAttribute(string? directory, string name)
    {
        if (directory is null) return null;
        string file = Path.Combine(directory, name);
        return File.Exists(file) ? NonEmpty(File.ReadAllText(file).Trim()) : null;
    }

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
