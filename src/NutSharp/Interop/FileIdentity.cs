using System.Runtime.InteropServices;

namespace NutSharp.Host.Interop;

/// <summary>
/// fstat(2) reduced to what systemd's JOURNAL_STREAM names: the device and inode of an open
/// descriptor, so the server can tell whether its stderr really is the journal's stream.
/// </summary>
internal static partial class FileIdentity
{
    [LibraryImport("libc", EntryPoint = "fstat", SetLastError = true)]
    private static unsafe partial int FStat(int fd, byte* stat);

    /// <summary>
    /// "device:inode" of <paramref name="fd"/> in JOURNAL_STREAM's notation, or null when fstat fails.
    /// On every 64-bit Linux ABI glibc supports (x86_64, aarch64, ...) struct stat begins with the
    /// 8-byte st_dev followed by the 8-byte st_ino; the buffer is larger than any struct stat.
    /// </summary>
    public static unsafe string? Of(int fd)
    {
        if (IntPtr.Size != 8) return null;
        byte* buffer = stackalloc byte[512];
        if (FStat(fd, buffer) != 0) return null;
        ulong device = *(ulong*)buffer;
        ulong inode = *(ulong*)(buffer + 8);
        return FormattableString.Invariant($"{device}:{inode}");
    }
}
