using System.Globalization;

namespace NutSharp.Host;

/// <summary>upsd.pid: where it lives, and what in it counts as the running server's PID.</summary>
internal static class PidFile
{
    /// <summary>
    /// kill(2) takes 0 as "my process group" and -1 as "every process I may signal", and 1 is
    /// init: none of them can be a server. upsd 2.8.0 (sendsignalpid) ignores any PID below 2.
    /// </summary>
    public const int LowestServerPid = 2;

    /// <summary>upsd.pid in NUT_ALTPIDPATH, else in the state path (upsd: altpidpath()).</summary>
    public static string PathFor(ServeOptions options) => Path.Combine(options.PidPath, "upsd.pid");

    /// <summary>
    /// Reads the number on the file's first line, as upsd does, sign included so that a "-1" is
    /// reported as such. False with <paramref name="problem"/> when the file cannot be read or
    /// holds no number.
    /// </summary>
    public static bool TryRead(string path, out int pid, out string? problem)
    {
        pid = 0;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = e.Message;
            return false;
        }
        string firstLine = text.Split('\n', 2)[0].Trim();
        if (!int.TryParse(firstLine, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out pid))
        {
            problem = "the file holds no process id";
            return false;
        }
        problem = null;
        return true;
    }

    /// <summary>The PID of a server that may be running, or null (no file, no number, or below <see cref="LowestServerPid"/>).</summary>
    public static int? ReadServerPid(string path) =>
        TryRead(path, out int pid, out _) && pid >= LowestServerPid ? pid : null;

    /// <summary>
    /// Writes this process's PID: into a new file renamed over the old one, so a reader never sees
    /// half a number, and a leftover file of another owner (say from a run with -u root) does not
    /// stop a server that runs as nut from writing its own. False with <paramref name="problem"/>
    /// when the file cannot be written.
    /// </summary>
    public static bool TryWrite(string path, out string? problem)
    {
        string temporary = path + ".new";
        try
        {
            File.WriteAllText(temporary, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            File.Move(temporary, path, overwrite: true);
            problem = null;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temporary); }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException) { /* it was never created */ }
            problem = e.Message;
            return false;
        }
    }

    /// <summary>Removes the file if it still names this process (another server may have taken it over).</summary>
    public static void DeleteIfOurs(string path)
    {
        if (ReadServerPid(path) != Environment.ProcessId) return;
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* nothing more to do on the way out */ }
    }
}
