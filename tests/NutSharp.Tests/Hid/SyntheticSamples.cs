using System.Text.Json;
using NutSharp.Drivers.Hid;

namespace NutSharp.Tests.Hid;

/// <summary>tripplite_like_synthetic.samples.json: the on-line reports, the on-battery overlay, what NUT and numat make of them.</summary>
internal sealed class SyntheticSamples
{
    private readonly JsonElement _root;

    public SyntheticSamples()
    {
        _root = JsonDocument.Parse(File.ReadAllText(HidFixtures.PathOf("tripplite_like_synthetic.samples.json"))).RootElement;
    }

    public static byte[] Descriptor => HidFixtures.Descriptor("tripplite_like_synthetic");

    public Dictionary<byte, byte[]> Online => Reports(_root.GetProperty("online").GetProperty("reports"));

    public Dictionary<byte, byte[]> OnBatteryOverlay => Reports(_root.GetProperty("on_battery").GetProperty("reports_overlay"));

    public Dictionary<string, string> ExpectedNut(string state) =>
        _root.GetProperty(state).GetProperty("expected_nut").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    public JsonElement NumatView(string state) => _root.GetProperty(state).GetProperty("numat_view");

    public byte[] LoadOffDelay20s => Hex.Parse(_root.GetProperty("setfeature_load_off_delay_20s").GetString()!, "sample");

    /// <summary>A recording of the synthetic UPS in its on-line state (09ae:3012: no battery correction, see tests/fixtures/hid/README.md).</summary>
    public HidRecording Recording(ushort product = 0x3012) => new()
    {
        VendorId = 0x09ae,
        ProductId = product,
        Descriptor = Descriptor,
        Feature = new SortedDictionary<byte, byte[]>(Online),
        Serial = "SYN0001",
        Manufacturer = "Tripp Lite",
        Product = "SYNTHETIC1500LCD",
    };

    private static Dictionary<byte, byte[]> Reports(JsonElement reports) =>
        reports.EnumerateObject().ToDictionary(p => Convert.ToByte(p.Name[2..], 16), p => Hex.Parse(p.Value.GetString()!, p.Name));
}
