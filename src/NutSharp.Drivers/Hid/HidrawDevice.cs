using System.Runtime.Versioning;
using NutSharp.Drivers.Interop;

namespace NutSharp.Drivers.Hid;

/// <summary>A /dev/hidrawN node, opened read-write and non-blocking; ioctl failures become <see cref="HidDeviceException"/>s that say what to do.</summary>
[SupportedOSPlatform("linux")]
public sealed class HidrawDevice : IHidDevice
{
    /// <summary>Where the udev rule giving access to Tripp Lite nodes is, for the permission error.</summary>
    public const string UdevRuleHint = "install conf/99-nutsharp-tripplite.rules from NutSharp into /etc/udev/rules.d/ (gives the nut group access to 09ae hidraw nodes)";

    private int _fd;

    private HidrawDevice(HidDeviceInfo info, int fd)
    {
        Info = info;
        _fd = fd;
    }

    public HidDeviceInfo Info { get; }

    public static HidrawDevice Open(HidDeviceInfo info)
    {
        try
        {
            return new HidrawDevice(info, FileDescriptors.Open(info.Node, FileDescriptors.O_RDWR | FileDescriptors.O_NONBLOCK));
        }
        catch (LinuxException e)
        {
            throw Translate(e, info.Node);
        }
    }

    public byte[] ReadDescriptor() => Guard(() => Hidraw.ReadDescriptor(_fd));

    public int GetFeature(Span<byte> buffer)
    {
        try
        {
            return Hidraw.ReadFeature(_fd, buffer);
        }
        catch (LinuxException e)
        {
            throw Translate(e, Info.Node);
        }
    }

    public void SetFeature(ReadOnlySpan<byte> report)
    {
        try
        {
            Hidraw.WriteFeature(_fd, report);
        }
        catch (LinuxException e)
        {
            throw Translate(e, Info.Node);
        }
    }

    public int ReadInput(Span<byte> buffer)
    {
        try
        {
            if (!FileDescriptors.WaitReadable(_fd, TimeSpan.Zero)) return 0;
            return FileDescriptors.Read(_fd, buffer);
        }
        catch (LinuxException e) when (e.Errno == Errno.EAGAIN)
        {
            return 0;
        }
        catch (LinuxException e)
        {
            throw Translate(e, Info.Node);
        }
    }

    public void Dispose()
    {
        if (_fd < 0) return;
        try
        {
            FileDescriptors.Close(_fd);
        }
        catch (LinuxException)
        {
            // An unplugged device may fail its close; the descriptor is released anyway.
        }
        _fd = -1;
    }

    private T Guard<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (LinuxException e)
        {
            throw Translate(e, Info.Node);
        }
    }

    /// <summary>errno to what the driver does about it (hardware.md §1.7: ENODEV/EIO after unplug, EPIPE for a STALL, EACCES).</summary>
    public static HidDeviceException Translate(LinuxException e, string node) => e.Errno switch
    {
        Errno.EACCES or 1 /* EPERM */ => new HidDeviceException(HidFailure.Access, $"{node}: permission denied; {UdevRuleHint}", e),
        Errno.ENODEV or 2 /* ENOENT */ or Errno.EIO or 6 /* ENXIO */ => new HidDeviceException(HidFailure.Gone, $"{node}: the device is gone ({e.Message})", e),
        32 /* EPIPE */ => new HidDeviceException(HidFailure.Refused, $"{node}: the device refused the request ({e.Message})", e),
        _ => new HidDeviceException(HidFailure.Other, $"{node}: {e.Message}", e),
    };
}
