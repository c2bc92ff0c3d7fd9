using NutSharp.Protocol;

namespace NutSharp.Drivers.DummyUps;

/// <summary>One non-empty tokenized line of a definition file.</summary>
/// <param name="Number">The physical line on which it ended (1-based), for log messages.</param>
public sealed record PortFileLine(int Number, string[] Words);

/// <summary>
/// Splits a whole definition file into lines of words with NUT's config tokenizer
/// (<see cref="WordParser"/>): quotes, backslashes, comments, <c>=</c>, dropped bytes, the
/// 512-character and 32-word limits, and a last line without a newline.
/// </summary>
/// <remarks>
/// The file is read whole at the start of each pass instead of being kept open between TIMER
/// pauses as NUT does. For files under stdio's first 4 KiB buffer fill this is the same thing.
/// A <c>#</c> inside quotes is a parse error: the words read so far are dropped and, because
/// <see cref="WordParser"/> restarts right after the <c>#</c>, the rest of that physical line is
/// read as a new line, exactly what dummy-ups does (<c>x: "a#b"</c> leaves a line <c>b"</c>).
/// </remarks>
public static class PortFileParser
{
    /// <param name="parseErrorLines">Receives the physical line number of each parse error.</param>
    public static List<PortFileLine> Parse(ReadOnlySpan<byte> content, List<int>? parseErrorLines = null)
    {
        var parser = new WordParser();
        var lines = new List<PortFileLine>();
        int physicalLine = 1;
        foreach (var b in content)
        {
            var ev = parser.Feed(b);
            if (ev == WordParserEvent.Line && parser.Count > 0) lines.Add(new PortFileLine(physicalLine, parser.ToStrings()));
            else if (ev == WordParserEvent.Error) parseErrorLines?.Add(physicalLine);
            if (b == (byte)'\n') physicalLine++;
        }
        if (parser.Finish() && parser.Count > 0) lines.Add(new PortFileLine(physicalLine, parser.ToStrings()));
        return lines;
    }
}
