using System.Runtime.InteropServices;

namespace NutSharp.Host.Interop;

/// <summary>
/// setsid(2), open(2), dup2(2): what upsd's background() does once it is serving. The daemon
/// leaves the caller's session and stops holding the caller's stdin/stdout/stderr, so
/// <c>out=$(upsd)</c> or a supervisor reading its output is not kept waiting forever.
/// </summary>
internal static partial class Daemon
{
    private const int ReadWrite = 2; // O_RDWR

    [LibraryImport("libc", EntryPoint = "setsid", SetLastError = true)]
    private static partial int SetSid();

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Dup2(int oldFd, int newFd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    /// <summary>New session, and fds 0, 1 and 2 pointed at /dev/null. Best effort: a failure only keeps the old streams.</summary>
    public static void LetGoOfTheCaller()
    {
        SetSid();
        int devNull = Open("/dev/null", ReadWrite);
        if (devNull < 0) return;
        for (int fd = 0; fd <= 2; fd++) Dup2(devNull, fd);
        if (devNull > 2) Close(devNull);
    }
}
