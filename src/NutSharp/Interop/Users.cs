using System.Runtime.InteropServices;

namespace NutSharp.Host.Interop;

/// <summary>
/// getpwnam(3), initgroups(3), setgid(2), setuid(2) and friends: the calls upsd 2.8.0 makes to
/// look up its user (get_user_pwent) and become it (become_user). See <see cref="RunAsUser"/>.
/// </summary>
/// <remarks>
/// glibc applies setgroups, setgid and setuid to every thread of the process (POSIX semantics,
/// carried out with an internal signal), so the runtime's threads that already exist (event
/// loops, thread pool, GC) change user with the calling thread.
/// </remarks>
internal static partial class Users
{
    /// <summary>struct passwd of glibc (Linux, LP64 and ILP32 alike: pointers and two 32-bit ids).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Passwd
    {
        public IntPtr Name;
        public IntPtr Password;
        public uint Uid;
        public uint Gid;
        public IntPtr Gecos;
        public IntPtr Dir;
        public IntPtr Shell;
    }

    /// <summary>An account as the user database gives it.</summary>
    public readonly record struct Account(string Name, uint Uid, uint Gid);

    [LibraryImport("libc", EntryPoint = "getpwnam", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial IntPtr GetPwNam(string name);

    [LibraryImport("libc", EntryPoint = "initgroups", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int InitGroups(string user, uint group);

    [LibraryImport("libc", EntryPoint = "setgid", SetLastError = true)]
    public static partial int SetGid(uint gid);

    [LibraryImport("libc", EntryPoint = "setuid", SetLastError = true)]
    public static partial int SetUid(uint uid);

    [LibraryImport("libc", EntryPoint = "seteuid", SetLastError = true)]
    public static partial int SetEffectiveUid(uint uid);

    [LibraryImport("libc", EntryPoint = "getuid")]
    public static partial uint GetRealUid();

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUid();

    /// <summary>
    /// Looks <paramref name="name"/> up in the user database. Null with <paramref name="errno"/> 0
    /// when there is no such user (POSIX leaves errno unset then); null with errno set when the
    /// lookup itself failed (e.g. NSS could not be read).
    /// </summary>
    public static Account? Find(string name, out int errno)
    {
        // The generated stub clears errno before the call and reads it after (SetLastError).
        var entry = GetPwNam(name);
        errno = entry == IntPtr.Zero ? Marshal.GetLastPInvokeError() : 0;
        if (entry == IntPtr.Zero) return null;
        // getpwnam's buffer is static: copy what is needed at once.
        var pw = Marshal.PtrToStructure<Passwd>(entry);
        return new Account(Marshal.PtrToStringUTF8(pw.Name) ?? name, pw.Uid, pw.Gid);
    }
}
