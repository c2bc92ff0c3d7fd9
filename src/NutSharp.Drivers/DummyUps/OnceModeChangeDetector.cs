namespace NutSharp.Drivers.DummyUps;

/// <summary>What a once-mode check found.</summary>
public enum FileCheck : byte { Unchanged, Changed, Missing }

/// <summary>
/// Decides when a dummy-once file must be read again. NUT compares the whole-second mtime only,
/// so a second write within the same second as the read is missed. Deliberate improvement:
/// <list type="bullet">
/// <item>the fingerprint is the full-resolution mtime plus the size; any change (a <c>touch</c>
/// too) means a full re-read, as in NUT;</item>
/// <item>while the file's mtime is recent (less than <see cref="RecentWindow"/> before now, or
/// in the future), the content is also read and compared with what was applied last, so a write
/// that left mtime and size as they were is still seen. An identical content changes nothing,
/// so values set by SET survive these re-checks.</item>
/// </list>
/// The window covers file systems with 1 s or 2 s timestamps, and also ext4, whose timestamps
/// come from a coarse clock: two same-size writes a few milliseconds apart can get the very same
/// mtime (seen in the tests). After the window, a change must show in the fingerprint.
/// </summary>
public sealed class OnceModeChangeDetector
{
    public static readonly TimeSpan RecentWindow = TimeSpan.FromSeconds(2);

    private FileFingerprint _applied;
    private byte[] _appliedContent = [];

    /// <summary>Records the snapshot a pass has just been started from.</summary>
    public void Remember(FileSnapshot snapshot)
    {
        _applied = snapshot.Fingerprint;
        _appliedContent = snapshot.Content;
    }

    /// <param name="utcNow">The real clock (file times come from it, not from any test clock).</param>
    public FileCheck Check(string path, DateTime utcNow, out FileSnapshot? changed, out string? problem)
    {
        changed = null;
        if (!DefinitionFile.TryStat(path, out var fingerprint, out problem)) return FileCheck.Missing;
        bool fingerprintChanged = fingerprint != _applied;
        if (!fingerprintChanged && utcNow - fingerprint.ModifiedUtc >= RecentWindow) return FileCheck.Unchanged;

        if (!DefinitionFile.TryRead(path, out var snapshot, out problem)) return FileCheck.Missing;
        if (!fingerprintChanged && snapshot.Content.AsSpan().SequenceEqual(_appliedContent))
        {
            return FileCheck.Unchanged;
        }
        changed = snapshot;
        return FileCheck.Changed;
    }
}
