using System.Runtime.InteropServices;

namespace NutSharp.Host.Interop;

/// <summary>kill(2): upsd's -c reload|stop signals the running server.</summary>
internal static partial class Signals
{
    public const int SIGHUP = 1;
    public const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
