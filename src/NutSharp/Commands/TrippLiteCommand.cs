using System.CommandLine;
using System.Text;
using NutSharp.Drivers.Hid;
using NutSharp.Drivers.TrippLite;

namespace NutSharp.Host.Commands;

/// <summary>
/// <c>nutsharp tripplite</c>: the one-shot reading numat/tripplite users run, as JSON in that
/// tool's shape (one object for one UPS, an array for several), so
/// <c>nutsharp tripplite | jq '.status."ac present"'</c> works as with the tool. <c>--dump FILE</c>
/// records the UPS for a bug report; <c>--replay FILE</c> reads a recording instead of a device.
/// </summary>
internal static class TrippLiteCommand
{
    public static Command Build()
    {
        var dump = new Option<string?>("--dump") { Description = "record the UPS (descriptor and feature reports) to this JSON file instead of printing its state", HelpName = "file" };
        var replay = new Option<string?>("--replay") { Description = "read a recording made with --dump instead of /dev/hidraw", HelpName = "file" };
        var command = new Command("tripplite", "Print the state of each attached Tripp Lite UPS (USB vendor 09ae) as JSON, as numat/tripplite does.");
        command.Options.Add(dump);
        command.Options.Add(replay);
        command.SetAction(parse => Run(parse.GetValue(replay), parse.GetValue(dump), Console.Out, Console.Error));
        return command;
    }

    public static int Run(string? replay, string? dump, TextWriter output, TextWriter error, IHidDeviceSource? source = null)
    {
        try
        {
            source ??= replay is not null ? ReplaySource.FromFile(replay)
                : OperatingSystem.IsLinux() ? new HidrawSource() : throw new PlatformNotSupportedException("hidraw exists on Linux only");
            var found = source.Enumerate().Where(d => d.VendorId == TrippLiteProducts.TrippLiteVendor && d.ProductId != TrippLiteProducts.SerialOverUsbProduct).ToList();
            if (found.Count == 0)
            {
                error.WriteLine(replay is null
                    ? "nutsharp tripplite: no Tripp Lite UPS found (no hidraw device with USB vendor 09ae in /sys/class/hidraw)"
                    : $"nutsharp tripplite: {replay} is not a recording of a Tripp Lite UPS (vendor_id 09ae)");
                return 1;
            }
            if (dump is not null) return Dump(source, found[0], dump, error);
            var readings = new List<string>();
            foreach (var info in found)
            {
                using var device = source.Open(info);
                var raw = device.ReadDescriptor();
                readings.Add(new NumatReading(device, Parse(info, raw)).ToJson());
            }
            output.WriteLine(readings.Count == 1 ? readings[0] : "[\n" + string.Join(",\n", readings) + "\n]");
            return 0;
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or HidReportException or PlatformNotSupportedException)
        {
            error.WriteLine("nutsharp tripplite: " + e.Message);
            return 1;
        }
    }

    private static int Dump(IHidDeviceSource source, HidDeviceInfo info, string file, TextWriter error)
    {
        using var device = source.Open(info);
        var raw = device.ReadDescriptor();
        var recording = HidRecorder.Record(device, raw, Parse(info, raw));
        File.WriteAllText(file, recording.ToJson(), new UTF8Encoding(false));
        error.WriteLine($"nutsharp tripplite: recorded {info} ({recording.Feature.Count} feature reports) to {file}");
        return 0;
    }

    private static ReportDescriptor Parse(HidDeviceInfo info, byte[] raw)
    {
        try
        {
            return ReportDescriptorParser.Parse(raw);
        }
        catch (HidReportException e)
        {
            throw new FormatException($"{info}: the report descriptor ({raw.Length} bytes) cannot be parsed: {e.Message}");
        }
    }
}
