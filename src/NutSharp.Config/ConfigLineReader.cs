using System.Text;
using NutSharp.Protocol;

namespace NutSharp.Config;

/// <summary>
/// Splits a config file into logical lines with the shared NUT tokenizer, exactly as upsd 2.8.0's
/// parseconf reads a file, and remembers for each the physical line where it began (a continued or
/// multi-line quoted line is reported at its first line, which is where a person would look).
/// </summary>
/// <remarks>
/// Two parseconf habits decide what upsd sees, so they are kept here:
/// a <c>#</c> inside quotes is a parse error that drops the words read so far, and parsing then
/// goes on right after the <c>#</c> as if a new line started there (so <c>DATAPATH "x # MAXCONN 0</c>
/// applies <c>MAXCONN 0</c>); and a last line without a newline is used only if it has at least two
/// words (parseconf returns it only when a word was already complete when the file ended).
/// Both are reported as warnings, by file and line, without echoing the line.
/// </remarks>
internal static class ConfigLineReader
{
    /// <summary>Returns the non-empty lines; problems upsd would skip over are added to <paramref name="warnings"/>.</summary>
    public static List<ConfigLine> Read(ReadOnlySpan<byte> content, string fileName, List<ConfigWarning> warnings)
    {
        var lines = new List<ConfigLine>();
        var parser = new WordParser();
        int physicalLine = 1;
        int lineStart = 1;
        bool lineInProgress = false;
        foreach (byte b in content)
        {
            var ev = parser.Feed(b);
            lineInProgress = ev == WordParserEvent.None;
            if (ev == WordParserEvent.Line)
            {
                if (parser.Count > 0) lines.Add(new ConfigLine(parser.ToStrings(), lineStart));
            }
            else if (ev == WordParserEvent.Error)
            {
                warnings.Add(new ConfigWarning(fileName, physicalLine,
                    "'#' inside quotes: the words before it are ignored and the rest of the line is read as a new line, as upsd does (write \\# for a literal '#')"));
            }

            if (b == (byte)'\n') physicalLine++;
            // The next logical line starts at the physical line of the first byte after an event.
            if (ev != WordParserEvent.None) lineStart = physicalLine;
        }

        // parseconf hands back an unterminated last line only when one of its words was already
        // complete; a lone word (say "[ups2]" or "ALLOW_NO_DEVICE") is lost.
        bool hadCompleteWord = lineInProgress && parser.Count > 0;
        if (parser.Finish())
        {
            if (hadCompleteWord) lines.Add(new ConfigLine(parser.ToStrings(), lineStart));
            else
                warnings.Add(new ConfigWarning(fileName, lineStart,
                    "the last line has a single word and no newline; upsd ignores it, and so does NutSharp (end the file with a newline)"));
        }
        parser.ReleaseIfIdle();
        return lines;
    }

    public static List<ConfigLine> Read(string text, string fileName, List<ConfigWarning> warnings) =>
        Read(Encoding.UTF8.GetBytes(text), fileName, warnings);

    /// <summary>
    /// Puts warnings in line order (stable): the tokenizer's come out while reading, a reader's
    /// own afterwards, and a person reads a file top to bottom.
    /// </summary>
    public static void SortByLine(List<ConfigWarning> warnings)
    {
        var sorted = warnings.OrderBy(w => w.Line).ToList();
        warnings.Clear();
        warnings.AddRange(sorted);
    }

    /// <summary>Reads a whole file, turning I/O failures into a <see cref="ConfigException"/> naming it.</summary>
    public static byte[] ReadFileBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, 0, $"cannot read the file: {e.Message}");
        }
    }
}
