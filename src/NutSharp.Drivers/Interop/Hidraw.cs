using System.Buffers.Binary;
using System.Runtime.Versioning;

namespace NutSharp.Drivers.Interop;

/// <summary>
/// The hidraw ioctls of Linux's &lt;linux/hidraw.h&gt; ('H' requests), built with the generic _IOC
/// encoding (x86-64, arm, arm64, riscv). Buffers carry the report ID in byte 0.
/// </summary>
[SupportedOSPlatform("linux")]
public static class Hidraw
{
    /// <summary>HID_MAX_DESCRIPTOR_SIZE: the most HIDIOCGRDESC returns.</summary>
    public const int MaxDescriptorSize = 4096;

    /// <summary>HIDIOCGRDESCSIZE: _IOR('H', 0x01, int).</summary>
    public static uint GetDescriptorSize => Ioctl.Read('H', 0x01, sizeof(int));

    /// <summary>HIDIOCGRDESC: _IOR('H', 0x02, struct hidraw_report_descriptor) — a u32 size then 4096 bytes.</summary>
    public static uint GetDescriptor => Ioctl.Read('H', 0x02, sizeof(uint) + MaxDescriptorSize);

    /// <summary>HIDIOCGRAWINFO: _IOR('H', 0x03, struct hidraw_devinfo) — u32 bustype, s16 vendor, s16 product.</summary>
    public static uint GetRawInfo => Ioctl.Read('H', 0x03, 8);

    /// <summary>HIDIOCGRAWNAME(len): _IOC(_IOC_READ, 'H', 0x04, len).</summary>
    public static uint GetRawName(int length) => Ioctl.Read('H', 0x04, length);

    /// <summary>HIDIOCGRAWPHYS(len).</summary>
    public static uint GetRawPhys(int length) => Ioctl.Read('H', 0x05, length);

    /// <summary>HIDIOCSFEATURE(len): _IOC(_IOC_WRITE|_IOC_READ, 'H', 0x06, len).</summary>
    public static uint SetFeature(int length) => Ioctl.ReadWrite('H', 0x06, length);

    /// <summary>HIDIOCGFEATURE(len): _IOC(_IOC_WRITE|_IOC_READ, 'H', 0x07, len).</summary>
    public static uint GetFeature(int length) => Ioctl.ReadWrite('H', 0x07, length);

    /// <summary>HIDIOCGRAWUNIQ(len).</summary>
    public static uint GetRawUniq(int length) => Ioctl.Read('H', 0x08, length);

    /// <summary>HIDIOCGINPUT(len) (Linux 5.11 and later).</summary>
    public static uint GetInput(int length) => Ioctl.ReadWrite('H', 0x0A, length);

    /// <summary>Reads the report descriptor through HIDIOCGRDESCSIZE and HIDIOCGRDESC.</summary>
    public static byte[] ReadDescriptor(int fd)
    {
        int size = Ioctl.GetInt(fd, GetDescriptorSize, "HIDIOCGRDESCSIZE");
        if (size is < 0 or > MaxDescriptorSize) throw new IOException($"HIDIOCGRDESCSIZE gave {size} bytes");
        var argument = new byte[sizeof(uint) + MaxDescriptorSize];
        BinaryPrimitives.WriteUInt32LittleEndian(argument, (uint)size);
        Ioctl.Call(fd, GetDescriptor, argument, "HIDIOCGRDESC");
        return argument.AsSpan(sizeof(uint), size).ToArray();
    }

    /// <summary>HIDIOCGFEATURE: <paramref name="buffer"/>[0] is the report ID; returns the length received, ID included.</summary>
    public static int ReadFeature(int fd, Span<byte> buffer) => Ioctl.Call(fd, GetFeature(buffer.Length), buffer, "HIDIOCGFEATURE");

    /// <summary>HIDIOCSFEATURE with the whole report, ID first (the kernel refuses fewer than 2 bytes).</summary>
    public static void WriteFeature(int fd, ReadOnlySpan<byte> report)
    {
        var copy = report.ToArray();
        Ioctl.Call(fd, SetFeature(copy.Length), copy, "HIDIOCSFEATURE");
    }
}
