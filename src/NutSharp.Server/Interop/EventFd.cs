using System.Runtime.InteropServices;

namespace NutSharp.Server.Interop;

/// <summary>eventfd(2): how other threads wake an event loop that sits in epoll_wait.</summary>
internal static unsafe partial class EventFd
{
    private const int EFD_CLOEXEC = 0x80000;
    private const int EFD_NONBLOCK = 0x800;

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    private static partial int Create(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, ulong* value, nuint length);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, ulong* value, nuint length);

    /// <summary>A non-blocking, close-on-exec eventfd; -1 with errno on failure.</summary>
    public static int Create() => Create(0, EFD_CLOEXEC | EFD_NONBLOCK);

    /// <summary>
    /// Adds one to the counter. Not checked: the only failure on a valid eventfd is a counter at its
    /// maximum (EAGAIN), and then the loop is already due to wake.
    /// </summary>
    public static void Signal(int fd)
    {
        ulong one = 1;
        Write(fd, &one, sizeof(ulong));
    }

    /// <summary>Resets the counter. Not checked: EAGAIN only means there was nothing to drain.</summary>
    public static void Drain(int fd)
    {
        ulong value;
        Read(fd, &value, sizeof(ulong));
    }
}
