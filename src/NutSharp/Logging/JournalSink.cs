using System.Text;
using Microsoft.Extensions.Logging;

namespace NutSharp.Host.Logging;

/// <summary>
/// Writes to the journal's stdout stream (systemd-journald's stream protocol): every line starts
/// with its syslog priority in angle brackets (<c>&lt;3&gt;</c> for an error), which journald
/// strips and records as the entry's PRIORITY, so <c>journalctl -p err</c> finds upsd's errors.
/// </summary>
internal sealed class JournalSink(Stream stream) : ILogLineSink
{
    private readonly Lock _lock = new();

    public static JournalSink ForDescriptor(int fd) =>
        new(fd == 1 ? Console.OpenStandardOutput() : Console.OpenStandardError());

    /// <summary>Every line of <paramref name="message"/> with the priority prefix (journald reads each line as an entry).</summary>
    public static string Format(LogLevel level, string message)
    {
        string prefix = "<" + SyslogRecord.Severity(level).ToString(System.Globalization.CultureInfo.InvariantCulture) + ">";
        var text = new StringBuilder();
        foreach (var line in message.ReplaceLineEndings("\n").Split('\n'))
            text.Append(prefix).Append(line).Append('\n');
        return text.ToString();
    }

    public void Write(LogLevel level, string message)
    {
        var bytes = Encoding.UTF8.GetBytes(Format(level, message));
        lock (_lock)
        {
            try
            {
                stream.Write(bytes);
                stream.Flush();
            }
            catch (IOException) { /* the journal went away: nothing else to write to */ }
        }
    }

    public void Dispose() => stream.Dispose();
}
