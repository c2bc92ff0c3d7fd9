using System.Runtime.InteropServices;

namespace NutSharp.Host.Interop;

/// <summary>sysconf(3): the open-files limit upsd compares MAXCONN with.</summary>
internal static partial class Limits
{
    private const int _SC_OPEN_MAX = 4;

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long SysConf(int name);

    /// <summary>sysconf(_SC_OPEN_MAX): the soft RLIMIT_NOFILE of this process, or -1 when unknown.</summary>
    public static long OpenFilesLimit() => SysConf(_SC_OPEN_MAX);
}
