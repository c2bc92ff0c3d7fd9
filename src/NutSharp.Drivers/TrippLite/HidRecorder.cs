using NutSharp.Drivers.Hid;

namespace NutSharp.Drivers.TrippLite;

/// <summary>Makes a recording of a device: its identity, its descriptor and every feature report the descriptor declares that the device answers.</summary>
public static class HidRecorder
{
    public static HidRecording Record(IHidDevice device, byte[] descriptorBytes, ReportDescriptor descriptor)
    {
        var feature = new SortedDictionary<byte, byte[]>();
        var reader = new ReportReader(device, descriptor);
        foreach (var (type, id) in descriptor.ReportLengths.Keys.Order())
        {
            if (type != HidReportType.Feature) continue;
            try
            {
                feature[id] = reader.Feature(id);
            }
            catch (HidDeviceException e) when (e.Failure is not (HidFailure.Gone or HidFailure.Access))
            {
                // A report the device refuses is left out, as the replay then refuses it too.
            }
        }
        var info = device.Info;
        return new HidRecording
        {
            VendorId = info.VendorId,
            ProductId = info.ProductId,
            Descriptor = descriptorBytes,
            Feature = feature,
            Serial = info.Serial,
            Manufacturer = info.Manufacturer,
            Product = info.Product,
        };
    }
}
