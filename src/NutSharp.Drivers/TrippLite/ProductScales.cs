namespace NutSharp.Drivers.TrippLite;

/// <summary>The corrections NUT applies per product (tripplite_usb_device_table of tripplite-hid.c, 2.8.0).</summary>
/// <param name="Battery">× on battery.voltage.</param>
/// <param name="IoVoltage">× on input and output voltage.</param>
/// <param name="IoFrequency">× on input and output frequency.</param>
/// <param name="IoCurrent">× on output current.</param>
public sealed record ProductScales(double Battery = 1.0, double IoVoltage = 1.0, double IoFrequency = 1.0, double IoCurrent = 1.0);
