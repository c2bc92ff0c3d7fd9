using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace NutSharp.Drivers.Interop;

/// <summary>
/// ioctl(2), and the request numbers of Linux's &lt;asm-generic/ioctl.h&gt; (_IO, _IOR, _IOW, _IOWR)
/// for drivers that build their own (hidraw's HIDIOCGFEATURE(len) and kin).
/// </summary>
[SupportedOSPlatform("linux")]
public static unsafe partial class Ioctl
{
    /// <summary>Bytes waiting to be read (int*).</summary>
    public const uint FIONREAD = 0x541B;

    /// <summary>Exclusive use of a tty: further opens fail with EBUSY, except by root.</summary>
    public const uint TIOCEXCL = 0x540C;

    /// <summary>Ends <see cref="TIOCEXCL"/>.</summary>
    public const uint TIOCNXCL = 0x540D;

    private const int NrBits = 8, TypeBits = 8, SizeBits = 14;
    private const int NrShift = 0, TypeShift = NrShift + NrBits, SizeShift = TypeShift + TypeBits, DirShift = SizeShift + SizeBits;
    private const uint DirNone = 0, DirWrite = 1, DirRead = 2;

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlRaw(int fd, nuint request, void* argument);

    /// <summary>_IO(type, nr)</summary>
    public static uint Io(char type, int nr) => Number(DirNone, type, nr, 0);

    /// <summary>_IOR(type, nr, size): the kernel writes <paramref name="size"/> bytes to the argument.</summary>
    public static uint Read(char type, int nr, int size) => Number(DirRead, type, nr, size);

    /// <summary>_IOW(type, nr, size): the kernel reads <paramref name="size"/> bytes from the argument.</summary>
    public static uint Write(char type, int nr, int size) => Number(DirWrite, type, nr, size);

    /// <summary>_IOWR(type, nr, size)</summary>
    public static uint ReadWrite(char type, int nr, int size) => Number(DirRead | DirWrite, type, nr, size);

    private static uint Number(uint direction, char type, int nr, int size)
    {
        if ((uint)size >= 1u << SizeBits) throw new ArgumentOutOfRangeException(nameof(size), size, "too large for an ioctl number");
        return (direction << DirShift) | ((uint)type << TypeShift) | ((uint)nr << NrShift) | ((uint)size << SizeShift);
    }

    /// <summary>An ioctl whose argument is a buffer; returns the call's non-negative result, throws on failure.</summary>
    public static int Call(int fd, uint request, Span<byte> argument, string what)
    {
        fixed (byte* p = argument)
        {
            int result = IoctlRaw(fd, request, p);
            return result >= 0 ? result : throw LinuxException.FromLastError("ioctl " + what);
        }
    }

    /// <summary>An ioctl whose argument is an int the kernel fills in (FIONREAD, HIDIOCGRDESCSIZE).</summary>
    public static int GetInt(int fd, uint request, string what)
    {
        int value;
        if (IoctlRaw(fd, request, &value) < 0) throw LinuxException.FromLastError("ioctl " + what);
        return value;
    }

    /// <summary>An ioctl without argument (TIOCEXCL).</summary>
    public static void Call(int fd, uint request, string what)
    {
        if (IoctlRaw(fd, request, null) < 0) throw LinuxException.FromLastError("ioctl " + what);
    }

    /// <summary>Bytes waiting to be read on a tty, pipe or socket.</summary>
    public static int BytesAvailable(int fd) => GetInt(fd, FIONREAD, "FIONREAD");
}
