namespace NutSharp.Drivers.DummyUps;

/// <summary>What identifies one version of the file without reading it: modification time (full resolution) and size.</summary>
public readonly record struct FileFingerprint(long ModifiedUtcTicks, long Length)
{
    public DateTime ModifiedUtc => new(ModifiedUtcTicks, DateTimeKind.Utc);
}

/// <summary>The bytes of the file and the fingerprint taken just before they were read.</summary>
public sealed record FileSnapshot(FileFingerprint Fingerprint, byte[] Content);

/// <summary>File-system access for the definition file; every failure comes back as a reason, never an exception.</summary>
public static class DefinitionFile
{
    /// <summary>
    /// The port resolved as dummy-ups 2.8.0 does: a path starting with <c>/</c> as given, anything
    /// else (<c>./x</c> included) relative to the configuration directory.
    /// </summary>
    public static string Resolve(string port, string confPath) =>
        port.StartsWith('/') ? port : Path.Combine(confPath, port);

    public static bool TryStat(string path, out FileFingerprint fingerprint, out string? problem)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                fingerprint = default;
                problem = "no such file";
                return false;
            }
            fingerprint = new FileFingerprint(info.LastWriteTimeUtc.Ticks, info.Length);
            problem = null;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            fingerprint = default;
            problem = ex.Message;
            return false;
        }
    }

    /// <summary>Stats, then reads (so a write landing in between is seen as a change on the next check).</summary>
    public static bool TryRead(string path, out FileSnapshot snapshot, out string? problem)
    {
        snapshot = null!;
        if (!TryStat(path, out var fingerprint, out problem)) return false;
        try
        {
            snapshot = new FileSnapshot(fingerprint, File.ReadAllBytes(path));
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problem = ex.Message;
            return false;
        }
    }
}
