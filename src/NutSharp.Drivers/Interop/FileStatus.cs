using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace NutSharp.Drivers.Interop;

/// <summary>
/// statx(2) for the one thing drivers need that .NET does not give: the group owning a device node,
/// so a "permission denied" can name the group to join (dialout for serial adapters).
/// statx's buffer has one layout on every Linux architecture, unlike struct stat.
/// </summary>
[SupportedOSPlatform("linux")]
public static unsafe partial class FileStatus
{
    private const int AtFdCwd = -100;
    private const uint StatxGid = 0x10;
    private const int GidOffset = 24;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, byte* buffer);

    /// <summary>The numeric group owning <paramref name="path"/> (following links); null when it cannot be read.</summary>
    public static uint? GroupId(string path)
    {
        byte* buffer = stackalloc byte[256];
        if (Statx(AtFdCwd, path, 0, StatxGid, buffer) != 0) return null;
        return *(uint*)(buffer + GidOffset);
    }

    /// <summary>The name of the group owning <paramref name="path"/> from /etc/group, else its number; null when unknown.</summary>
    public static string? GroupName(string path)
    {
        if (GroupId(path) is not { } gid) return null;
        string number = gid.ToString(CultureInfo.InvariantCulture);
        try
        {
            foreach (var line in File.ReadLines("/etc/group"))
            {
                var fields = line.Split(':');
                if (fields.Length >= 3 && fields[2] == number) return fields[0];
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return number;
    }
}
