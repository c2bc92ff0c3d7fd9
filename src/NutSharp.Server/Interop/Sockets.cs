using System.Net;
using System.Runtime.InteropServices;

namespace NutSharp.Server.Interop;

/// <summary>The socket calls of the client path: accept4, recv, send, close, getpeername, setsockopt.</summary>
internal static unsafe partial class Sockets
{
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EEXIST = 17;
    public const int EMFILE = 24;
    public const int ENFILE = 23;

    private const int SOCK_NONBLOCK = 0x800;
    private const int SOCK_CLOEXEC = 0x80000;
    private const int MSG_NOSIGNAL = 0x4000;
    private const int IPPROTO_TCP = 6;
    private const int TCP_NODELAY = 1;

    [LibraryImport("libc", EntryPoint = "accept4", SetLastError = true)]
    private static partial int Accept4(int fd, byte* addr, int* addrLen, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Recv(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    private static partial nint SendRaw(int fd, byte* buffer, nuint length, int flags);

    /// <summary>close(2) for any descriptor of the server (sockets, epoll sets, eventfds); 0 or -1 with errno.</summary>
    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static partial int SetSockOpt(int fd, int level, int name, int* value, int length);

    /// <summary>A send that never raises SIGPIPE when the client has gone.</summary>
    public static nint Send(int fd, byte* buffer, nuint length) => SendRaw(fd, buffer, length, MSG_NOSIGNAL);

    /// <summary>Accepts one pending connection, non-blocking and close-on-exec; -1 with errno when none.</summary>
    public static int Accept(int listener, out IPAddress? peer)
    {
        byte* addr = stackalloc byte[128];
        int len = 128;
        int fd = Accept4(listener, addr, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
        peer = fd >= 0 ? ParseAddress(addr, len) : null;
        return fd;
    }

    public static void SetNoDelay(int fd)
    {
        int one = 1;
        SetSockOpt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(int));
    }

    /// <summary>sockaddr_in / sockaddr_in6 to an address (no port: upsd prints none).</summary>
    private static IPAddress? ParseAddress(byte* addr, int len)
    {
        ushort family = *(ushort*)addr;
        if (family == 2 && len >= 8) return new IPAddress(new ReadOnlySpan<byte>(addr + 4, 4));
        if (family == 10 && len >= 24) return new IPAddress(new ReadOnlySpan<byte>(addr + 8, 16));
        return null;
    }
}
