using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace NutSharp.Drivers.Interop;

/// <summary>
/// posix_openpt(3), grantpt(3), unlockpt(3), ptsname_r(3): a pseudo-terminal pair. The far end of
/// a serial line in tests: a driver opens <see cref="DevicePath"/> as it would /dev/ttyUSB0, and
/// the test writes what the meter would send into <see cref="ControllerFd"/>.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed unsafe partial class PseudoTerminal : IDisposable
{
    [LibraryImport("libc", EntryPoint = "posix_openpt", SetLastError = true)]
    private static partial int PosixOpenPt(int flags);

    [LibraryImport("libc", EntryPoint = "grantpt", SetLastError = true)]
    private static partial int GrantPt(int fd);

    [LibraryImport("libc", EntryPoint = "unlockpt", SetLastError = true)]
    private static partial int UnlockPt(int fd);

    [LibraryImport("libc", EntryPoint = "ptsname_r", SetLastError = true)]
    private static partial int PtsNameR(int fd, byte* buffer, nuint length);

    private PseudoTerminal(int controllerFd, string devicePath)
    {
        ControllerFd = controllerFd;
        DevicePath = devicePath;
    }

    /// <summary>The controlling side (what a test writes the device's bytes into).</summary>
    public int ControllerFd { get; private set; }

    /// <summary>The terminal side, /dev/pts/N: what a driver opens.</summary>
    public string DevicePath { get; }

    public static PseudoTerminal Open()
    {
        int fd = PosixOpenPt(FileDescriptors.O_RDWR | FileDescriptors.O_NOCTTY | FileDescriptors.O_CLOEXEC);
        if (fd < 0) throw LinuxException.FromLastError("posix_openpt");
        try
        {
            if (GrantPt(fd) != 0) throw LinuxException.FromLastError("grantpt");
            if (UnlockPt(fd) != 0) throw LinuxException.FromLastError("unlockpt");
            byte* name = stackalloc byte[128];
            int error = PtsNameR(fd, name, 128);
            if (error != 0) throw new LinuxException("ptsname_r", null, error);
            return new PseudoTerminal(fd, Marshal.PtrToStringUTF8((nint)name)!);
        }
        catch
        {
            FileDescriptors.Close(fd);
            throw;
        }
    }

    /// <summary>Sends bytes to whoever has the terminal side open.</summary>
    public void Write(ReadOnlySpan<byte> data) => FileDescriptors.Write(ControllerFd, data);

    /// <summary>Closing the controlling side hangs up the terminal: a reader gets end of file or EIO, as when an adapter is unplugged.</summary>
    public void Dispose()
    {
        if (ControllerFd < 0) return;
        FileDescriptors.Close(ControllerFd);
        ControllerFd = -1;
    }
}
