using System.Globalization;
using System.Text;
using System.Text.Json;
using NutSharp.Drivers.Hid;

namespace NutSharp.Drivers.TrippLite;

/// <summary>
/// One reading in numat/tripplite's JSON shape (what <c>nutsharp tripplite</c> prints), taken
/// through the report descriptor: each value from its HID path when the descriptor has it, else
/// from the fixed report of Tripp Lite's "protocol 2012" that numat reads (hardware.md §1.2).
/// numat's key names are kept, "health" included (it is the remaining charge in %).
/// </summary>
public sealed class NumatReading
{
    /// <summary>The status flags, in numat's bit order of report 50 (0x32).</summary>
    private static readonly (string Key, string Usage)[] StatusFlags =
    [
        ("shutdown imminent", "ShutdownImminent"), ("ac present", "ACPresent"), ("charging", "Charging"),
        ("discharging", "Discharging"), ("needs replacement", "NeedReplacement"),
        ("below remaining capacity", "BelowRemainingCapacityLimit"), ("fully charged", "FullyCharged"),
        ("fully discharged", "FullyDischarged"),
    ];

    private readonly ReportDescriptor _descriptor;
    private readonly ReportReader _reports;
    private readonly ProductScales _scales;

    public NumatReading(IHidDevice device, ReportDescriptor descriptor)
    {
        _descriptor = descriptor;
        _reports = new ReportReader(device, descriptor);
        _scales = TrippLiteProducts.Scales(device.Info.VendorId, device.Info.ProductId) ?? new ProductScales();
        Device = device.Info;
    }

    public HidDeviceInfo Device { get; }

    /// <summary>Reads the UPS and writes its state as one JSON object (keys sorted, as numat prints them).</summary>
    public void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteStartObject("config");
        WriteNumber(json, "frequency", Read("UPS.Flow.ConfigFrequency", 0x02, 1, 1.0), 0);
        WriteNumber(json, "power", Read("UPS.Flow.ConfigApparentPower", 0x03, 2, 1.0), 0);
        WriteNumber(json, "voltage", Read("UPS.PowerSummary.Input.ConfigVoltage", 0x30, 1, 1.0), 0);
        json.WriteEndObject();
        WriteNumber(json, "health", Read("UPS.PowerSummary.RemainingCapacity", 0x34, 1, 1.0), 0);
        json.WriteStartObject("input");
        WriteNumber(json, "frequency", Read("UPS.PowerConverter.Input.Frequency", 0x19, 2, 0.1, _scales.IoFrequency), 1);
        WriteNumber(json, "voltage", Read("UPS.PowerConverter.Input.Voltage", 0x18, 2, 0.1, _scales.IoVoltage), 1);
        json.WriteEndObject();
        json.WriteStartObject("output");
        double? power = Read("UPS.PowerConverter.Output.ActivePower", 0x47, 2, 1.0);
        // numat: 0xFFFF means the UPS does not measure it.
        WriteNumber(json, "power", power == 0xFFFF ? null : power, 0);
        WriteNumber(json, "voltage", Read("UPS.PowerConverter.Output.Voltage", 0x1b, 2, 0.1, _scales.IoVoltage), 1);
        json.WriteEndObject();
        json.WriteStartObject("status");
        var flags = StatusFlags.Select((f, bit) => (f.Key, Value: Flag("UPS.PowerSummary.PresentStatus." + f.Usage, bit))).OrderBy(f => f.Key, StringComparer.Ordinal);
        foreach (var (key, value) in flags)
        {
            if (value is { } b) json.WriteBoolean(key, b);
            else json.WriteNull(key);
        }
        json.WriteEndObject();
        WriteNumber(json, "time to empty", Read("UPS.PowerSummary.RunTimeToEmpty", 0x35, 2, 1.0), 0);
        json.WriteEndObject();
    }

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            Write(json);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The value through the descriptor (physical, times the product's correction), else protocol 2012's fixed report; null when neither answers.</summary>
    private double? Read(string path, byte fallbackId, int fallbackBytes, double fallbackScale, double productScale = 1.0)
    {
        try
        {
            if (_descriptor.Find(path) is { } field)
                return field.ToPhysical(field.ReadLogical(_reports.Feature(field.ReportId).AsSpan(1))) * productScale;
            var report = _reports.FeatureOfAtLeast(fallbackId, 1 + fallbackBytes);
            long raw = fallbackBytes == 1 ? report[1] : report[1] | (report[2] << 8);
            return raw * fallbackScale;
        }
        catch (Exception e) when (e is HidDeviceException { Failure: not (HidFailure.Gone or HidFailure.Access) } or HidReportException)
        {
            return null;
        }
    }

    private bool? Flag(string path, int bit)
    {
        try
        {
            if (_descriptor.Find(path) is { } field)
                return field.ReadLogical(_reports.Feature(field.ReportId).AsSpan(1)) != 0;
            return (_reports.FeatureOfAtLeast(0x32, 2)[1] & (1 << bit)) != 0;
        }
        catch (Exception e) when (e is HidDeviceException { Failure: not (HidFailure.Gone or HidFailure.Access) } or HidReportException)
        {
            return null;
        }
    }

    /// <summary>numat prints integers for counts and one decimal for the tenths it divides (120.0).</summary>
    private static void WriteNumber(Utf8JsonWriter json, string key, double? value, int decimals)
    {
        json.WritePropertyName(key);
        if (value is not { } v) json.WriteNullValue();
        else json.WriteRawValue(Math.Round(v, decimals).ToString(decimals == 0 ? "F0" : "F1", CultureInfo.InvariantCulture));
    }
}
