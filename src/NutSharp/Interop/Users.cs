using System.Runtime.InteropServices;

namespace NutSharp.Host.Interop;

/// <summary>getpwnam(3), setgid(2), setgroups(2), setuid(2): upsd's -u drops root after binding.</summary>
internal static partial class Users
{
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

    [LibraryImport("libc", EntryPoint = "getpwnam", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial IntPtr GetPwNam(string name);

    [LibraryImport("libc", EntryPoint = "setgid", SetLastError = true)]
    private static partial int SetGid(uint gid);

    [LibraryImport("libc", EntryPoint = "setuid", SetLastError = true)]
    private static partial int SetUid(uint uid);

    [LibraryImport("libc", EntryPoint = "setgroups", SetLastError = true)]
    private static partial int SetGroups(nuint size, ref uint list);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUid();

    /// <summary>Becomes <paramref name="user"/> when running as root; returns an error text or null.</summary>
    public static string? DropPrivileges(string user)
    {
        if (GetEffectiveUid() != 0) return null; // nothing to drop: upsd only switches when started as root
        var p = GetPwNam(user);
        if (p == IntPtr.Zero) return $"user {user} not found";
        var pw = Marshal.PtrToStructure<Passwd>(p);
        if (pw.Uid == 0) return null;
        uint gid = pw.Gid;
        if (SetGroups(1, ref gid) != 0 || SetGid(pw.Gid) != 0 || SetUid(pw.Uid) != 0)
            return $"cannot switch to user {user}: {Marshal.GetLastPInvokeErrorMessage()}";
        return null;
    }
}
