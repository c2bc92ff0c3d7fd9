using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace NutSharp.Drivers.Interop;

/// <summary>
/// termios(3) for serial lines: tcgetattr, tcsetattr, cfmakeraw, cfsetispeed/cfsetospeed, tcflush.
/// The layout is glibc's <c>struct termios</c> on Linux (x86-64 and arm64 alike: 60 bytes).
/// </summary>
[SupportedOSPlatform("linux")]
public static unsafe partial class Termios
{
    // c_iflag
    public const uint IGNBRK = 0x001, BRKINT = 0x002, IGNPAR = 0x004, PARMRK = 0x008, INPCK = 0x010, ISTRIP = 0x020;
    public const uint INLCR = 0x040, IGNCR = 0x080, ICRNL = 0x100, IXON = 0x400, IXOFF = 0x1000;

    // c_oflag
    public const uint OPOST = 0x001;

    // c_cflag
    public const uint CSIZE = 0x030, CS7 = 0x020, CS8 = 0x030, CSTOPB = 0x040, CREAD = 0x080, PARENB = 0x100, PARODD = 0x200;
    public const uint HUPCL = 0x400, CLOCAL = 0x800;

    // c_lflag
    public const uint ISIG = 0x001, ICANON = 0x002, ECHO = 0x008, ECHOE = 0x010, ECHOK = 0x020, ECHONL = 0x040, IEXTEN = 0x8000;

    // c_cc indices
    public const int VTIME = 5, VMIN = 6;

    // Speeds (the B* constants, not baud numbers).
    public const uint B1200 = 0x009, B2400 = 0x00B, B4800 = 0x00C, B9600 = 0x00D, B19200 = 0x00E, B38400 = 0x00F;

    private const int TCSANOW = 0;
    private const int TCIFLUSH = 0;

    /// <summary>glibc's struct termios.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Settings
    {
        public uint InputFlags;
        public uint OutputFlags;
        public uint ControlFlags;
        public uint LocalFlags;
        public byte LineDiscipline;
        public fixed byte ControlChars[32];
        public uint InputSpeed;
        public uint OutputSpeed;
    }

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    private static partial int TcGetAttr(int fd, Settings* settings);

    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    private static partial int TcSetAttr(int fd, int actions, Settings* settings);

    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    private static partial void CfMakeRaw(Settings* settings);

    [LibraryImport("libc", EntryPoint = "cfsetispeed", SetLastError = true)]
    private static partial int CfSetISpeed(Settings* settings, uint speed);

    [LibraryImport("libc", EntryPoint = "cfsetospeed", SetLastError = true)]
    private static partial int CfSetOSpeed(Settings* settings, uint speed);

    [LibraryImport("libc", EntryPoint = "tcflush", SetLastError = true)]
    private static partial int TcFlush(int fd, int queue);

    public static Settings Get(int fd)
    {
        Settings settings;
        if (TcGetAttr(fd, &settings) != 0) throw LinuxException.FromLastError("tcgetattr");
        return settings;
    }

    /// <summary>Applies the settings at once (TCSANOW).</summary>
    public static void Set(int fd, in Settings settings)
    {
        var copy = settings;
        if (TcSetAttr(fd, TCSANOW, &copy) != 0) throw LinuxException.FromLastError("tcsetattr");
    }

    /// <summary>
    /// cfmakeraw: no line editing (ICANON), no signals from the data (ISIG: a meter's ETX is Ctrl-C),
    /// no CR/LF translation, no echo, 8 bits; reads return as soon as one byte is there (VMIN 1, VTIME 0).
    /// </summary>
    public static void MakeRaw(ref Settings settings)
    {
        fixed (Settings* p = &settings)
        {
            CfMakeRaw(p);
            p->ControlChars[VMIN] = 1;
            p->ControlChars[VTIME] = 0;
        }
    }

    /// <summary>Sets both speeds to a B* constant.</summary>
    public static void SetSpeed(ref Settings settings, uint speed)
    {
        fixed (Settings* p = &settings)
        {
            if (CfSetISpeed(p, speed) != 0 || CfSetOSpeed(p, speed) != 0) throw LinuxException.FromLastError("cfsetspeed");
        }
    }

    /// <summary>Drops what was received and not yet read.</summary>
    public static void FlushInput(int fd)
    {
        if (TcFlush(fd, TCIFLUSH) != 0) throw LinuxException.FromLastError("tcflush");
    }
}
