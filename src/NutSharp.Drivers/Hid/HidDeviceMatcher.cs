using System.Globalization;
using System.Text.RegularExpressions;
using NutSharp.Config;

namespace NutSharp.Drivers.Hid;

/// <summary>
/// usbhid-ups' device matching from a ups.conf section: <c>vendorid</c>, <c>productid</c>,
/// <c>serial</c>, <c>vendor</c>, <c>product</c> and <c>bus</c> are regular expressions, matched
/// ignoring case against the whole value (NUT's USB matcher: extended regex, REG_ICASE, the match
/// must span the whole string); IDs are compared as 4 lower-case hex digits. An option not given
/// matches anything; one given does not match a device that lacks the value.
/// </summary>
public sealed class HidDeviceMatcher
{
    private readonly List<(string Option, Regex Pattern, Func<HidDeviceInfo, string?> Value)> _tests = [];

    public HidDeviceMatcher(UpsSection section)
    {
        Add(section, "vendorid", d => d.VendorId.ToString("x4", CultureInfo.InvariantCulture));
        Add(section, "productid", d => d.ProductId.ToString("x4", CultureInfo.InvariantCulture));
        Add(section, "serial", d => d.Serial);
        Add(section, "vendor", d => d.Manufacturer);
        Add(section, "product", d => d.Product);
        Add(section, "bus", d => d.Bus);
    }

    public bool Matches(HidDeviceInfo device)
    {
        foreach (var (_, pattern, value) in _tests)
        {
            if (value(device) is not { } text || !pattern.IsMatch(text)) return false;
        }
        return true;
    }

    private void Add(UpsSection section, string option, Func<HidDeviceInfo, string?> value)
    {
        if (section.Option(option) is not { } text) return;
        try
        {
            _tests.Add((option, new Regex("^(?:" + text + ")$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), value));
        }
        catch (ArgumentException e)
        {
            throw new DriverFaultException($"ups.conf line {section.Line}: {option} = {text} is not a regular expression ({e.Message})");
        }
    }
}
