using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace NutSharp.Drivers.Interop;

/// <summary>A failed Linux system call: which call, on what, and errno with its text.</summary>
[SupportedOSPlatform("linux")]
public sealed class LinuxException(string call, string? target, int errno)
    : IOException($"{call}{(target is null ? "" : " " + target)}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})")
{
    public string Call { get; } = call;

    public int Errno { get; } = errno;

    /// <summary>Throws for the errno of the last P/Invoke call.</summary>
    public static LinuxException FromLastError(string call, string? target = null) => new(call, target, Marshal.GetLastPInvokeError());
}

/// <summary>errno values drivers act on.</summary>
public static class Errno
{
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int ENXIO = 6;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int EBUSY = 16;
    public const int ENODEV = 19;
}
