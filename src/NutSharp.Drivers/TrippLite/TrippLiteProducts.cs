namespace NutSharp.Drivers.TrippLite;

/// <summary>The vendors and products tripplite-hid claims, and NUT's per-product corrections.</summary>
public static class TrippLiteProducts
{
    public const ushort TrippLiteVendor = 0x09ae;
    public const ushort HpVendor = 0x03f0;
    public const ushort DeltaVendor = 0x05dd;

    /// <summary>09ae:0001 speaks Tripp Lite's serial protocol over HID: NUT's tripplite_usb driver, not this one.</summary>
    public const ushort SerialOverUsbProduct = 0x0001;

    private static readonly ProductScales TenthBattery = new(Battery: 0.1);
    private static readonly ProductScales Plain = new();

    /// <summary>
    /// The SMART1500LCDT (3016) and the newer AVR750U (3024) declare exponent 1 on values counted
    /// in tenths; NUT's smart1500lcdt_scale puts them right (hardware.md §1.5).
    /// </summary>
    private static readonly ProductScales Smart1500Lcdt = new(Battery: 100000.0, IoVoltage: 100000.0, IoFrequency: 0.01, IoCurrent: 0.01);

    private static readonly Dictionary<(ushort, ushort), ProductScales> Known = Build();

    /// <summary>The product's scales; null for a product NUT does not list ("possibly supported": NUT wants an explicit productid).</summary>
    public static ProductScales? Scales(ushort vendor, ushort product) => Known.GetValueOrDefault((vendor, product));

    private static Dictionary<(ushort, ushort), ProductScales> Build()
    {
        var table = new Dictionary<(ushort, ushort), ProductScales>();
        foreach (ushort p in new ushort[] { 0x1003, 0x1007, 0x1008, 0x1009, 0x1010, 0x2005, 0x2007, 0x2008, 0x2009, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014 })
            table[(TrippLiteVendor, p)] = TenthBattery;
        foreach (ushort p in new ushort[] { 0x1330, 0x3008, 0x3009, 0x3010, 0x3011, 0x3012, 0x3013, 0x3014, 0x3015, 0x4001, 0x4002, 0x4003, 0x4004, 0x4005, 0x4006, 0x4007, 0x4008 })
            table[(TrippLiteVendor, p)] = Plain;
        table[(TrippLiteVendor, 0x3016)] = Smart1500Lcdt;
        table[(TrippLiteVendor, 0x3024)] = Smart1500Lcdt;
        foreach (ushort p in new ushort[] { 0x0001, 0x1fe0, 0x1fe1, 0x1fe2, 0x1fe3, 0x1f06, 0x1f08, 0x1f09, 0x1f0a })
            table[(HpVendor, p)] = Plain;
        table[(DeltaVendor, 0xa011)] = Plain;
        return table;
    }
}
