using System.Text;

namespace NutSharp.Host.Logging;

/// <summary>
/// Stands in for Console.Error when stderr is the journal's stream, for the lines `nutsharp serve`
/// writes there itself before (or instead of) logging: refusals to start and start-up warnings.
/// Each line gets its priority, <c>&lt;4&gt;</c> for a "nutsharp: warning:" line and <c>&lt;3&gt;</c>
/// for the rest, so `journalctl -p err -u nutsharp` shows why a start failed.
/// </summary>
internal sealed class JournalPriorityWriter(TextWriter inner) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (value != '\n')
        {
            _line.Append(value);
            return;
        }
        string line = _line.ToString();
        _line.Clear();
        string priority = line.StartsWith("nutsharp: warning:", StringComparison.Ordinal) ? "<4>" : "<3>";
        inner.Write(priority + line + "\n");
        inner.Flush();
    }

    public override void Flush() => inner.Flush();
}
