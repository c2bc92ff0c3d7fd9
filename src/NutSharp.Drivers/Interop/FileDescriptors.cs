using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace NutSharp.Drivers.Interop;

/// <summary>open(2), close(2), read(2), write(2), poll(2) on raw descriptors (device nodes: hidraw, ttys).</summary>
[SupportedOSPlatform("linux")]
public static unsafe partial class FileDescriptors
{
    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_RDWR = 2;
    public const int O_NOCTTY = 0x100;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;

    public const short POLLIN = 0x001;
    public const short POLLERR = 0x008;
    public const short POLLHUP = 0x010;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenRaw(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int CloseRaw(int fd);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadRaw(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteRaw(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int PollRaw(PollFd* fds, nuint count, int timeoutMs);

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>Opens a device node, close-on-exec; throws a <see cref="LinuxException"/> naming the path.</summary>
    public static int Open(string path, int flags)
    {
        int fd = OpenRaw(path, flags | O_CLOEXEC);
        return fd >= 0 ? fd : throw LinuxException.FromLastError("open", path);
    }

    public static void Close(int fd)
    {
        // Linux closes the descriptor even when close() reports EINTR: never retry.
        if (CloseRaw(fd) != 0 && Marshal.GetLastPInvokeError() != Errno.EINTR) throw LinuxException.FromLastError("close");
    }

    /// <summary>Reads up to <paramref name="buffer"/>'s length; 0 at end of file. Retries EINTR.</summary>
    public static int Read(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = ReadRaw(fd, p, (nuint)buffer.Length);
                if (n >= 0) return (int)n;
                if (Marshal.GetLastPInvokeError() != Errno.EINTR) throw LinuxException.FromLastError("read");
            }
        }
    }

    /// <summary>Writes all of <paramref name="data"/>. Retries EINTR and short writes.</summary>
    public static void Write(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                nint n = WriteRaw(fd, p + done, (nuint)(data.Length - done));
                if (n >= 0) { done += (int)n; continue; }
                if (Marshal.GetLastPInvokeError() != Errno.EINTR) throw LinuxException.FromLastError("write");
            }
        }
    }

    /// <summary>Waits until <paramref name="fd"/> is readable (or hung up) or the timeout passes; returns whether it is ready.</summary>
    public static bool WaitReadable(int fd, TimeSpan timeout)
    {
        var pfd = new PollFd { Fd = fd, Events = POLLIN };
        int ms = timeout == Timeout.InfiniteTimeSpan ? -1 : (int)Math.Min(int.MaxValue, Math.Ceiling(timeout.TotalMilliseconds));
        while (true)
        {
            int n = PollRaw(&pfd, 1, ms);
            if (n >= 0) return n > 0;
            if (Marshal.GetLastPInvokeError() != Errno.EINTR) throw LinuxException.FromLastError("poll");
        }
    }
}
