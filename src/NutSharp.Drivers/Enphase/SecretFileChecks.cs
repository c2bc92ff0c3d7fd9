using System.Runtime.Versioning;
using System.Runtime.InteropServices;

namespace NutSharp.Drivers.Enphase;

/// <summary>
/// The script's permission rules for files holding secrets (the config with the password, the
/// token file): only the "others" bits are looked at, as the script's <c>stat -c %a</c> does.
/// </summary>
[SupportedOSPlatform("linux")]
public static partial class SecretFileChecks
{
    /// <summary>A secret file must not be readable by others, nor sit in a directory others may write to (they could swap it).</summary>
    public static void CheckFile(string kind, string file)
    {
        UnixFileMode mode;
        try
        {
            mode = File.GetUnixFileMode(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EnphaseFatalException($"Unable to stat {kind} '{file}'");
        }
        if ((mode & UnixFileMode.OtherRead) != 0)
            throw new EnphaseFatalException($"World read permissions exist on {kind} {file}");
        CheckDirectory(kind, DirectoryOf(file));
    }

    /// <summary>The state, token and config directories must not be writable by others.</summary>
    public static void CheckDirectory(string kind, string directory)
    {
        UnixFileMode mode;
        try
        {
            mode = File.GetUnixFileMode(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EnphaseFatalException($"Unable to stat {kind} directory '{directory}'");
        }
        if ((mode & UnixFileMode.OtherWrite) != 0)
            throw new EnphaseFatalException($"World write permissions on {kind} directory {directory}");
    }

    /// <summary>The directory part as the script takes it (<c>${file%/*}</c>): "." for a bare name, "/" for a file in the root.</summary>
    public static string DirectoryOf(string file)
    {
        int slash = file.LastIndexOf('/');
        return slash < 0 ? "." : slash == 0 ? "/" : file[..slash];
    }

    /// <summary>The shell's <c>[[ -d dir &amp;&amp; -w dir ]]</c>: for the user the process runs as, not from the mode bits alone.</summary>
    public static bool IsWritableDirectory(string directory) => Directory.Exists(directory) && Access(directory, WriteOk) == 0;

    /// <summary>The shell's <c>[[ -w file ]]</c>.</summary>
    public static bool IsWritableFile(string file) => File.Exists(file) && Access(file, WriteOk) == 0;

    /// <summary>The shell's <c>[[ -r file ]]</c>.</summary>
    public static bool IsReadableFile(string file) => File.Exists(file) && Access(file, ReadOk) == 0;

    private const int WriteOk = 2;
    private const int ReadOk = 4;

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Access(string path, int mode);
}
