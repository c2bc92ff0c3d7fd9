using System.Text;
using NutSharp.Protocol;

namespace NutSharp.Config;

/// <summary>
/// Splits a config file into logical lines with the shared NUT tokenizer and remembers, for
/// each, the physical line where it began (a continued or multi-line quoted line is reported
/// at its first line, which is where a person would look).
/// </summary>
internal static class ConfigLineReader
{
    /// <summary>
    /// Returns the non-empty lines. A parse error (a <c>#</c> inside quotes) throws a
    /// <see cref="ConfigException"/> unless <paramref name="onParseError"/> is given, in which
    /// case it is told the line number and reading goes on, as upsd does for optional files.
    /// </summary>
    public static List<ConfigLine> Read(ReadOnlySpan<byte> content, string fileName, Action<int>? onParseError = null)
    {
        var lines = new List<ConfigLine>();
        var parser = new WordParser();
        int physicalLine = 1;
        int lineStart = 1;
        bool skippingBadLine = false;
        foreach (byte b in content)
        {
            if (skippingBadLine)
            {
                // The rest of a line that failed to parse is not a line of its own.
                if (b != (byte)'\n') continue;
                skippingBadLine = false;
                parser.StartNextLine();
                physicalLine++;
                lineStart = physicalLine;
                continue;
            }

            var ev = parser.Feed(b);
            if (ev == WordParserEvent.Line)
            {
                if (parser.Count > 0) lines.Add(new ConfigLine(parser.ToStrings(), lineStart));
            }
            else if (ev == WordParserEvent.Error)
            {
                if (onParseError is null)
                    throw new ConfigException(fileName, lineStart,
                        "'#' inside quotes is not allowed (write \\# for a literal '#')");
                onParseError(lineStart);
                skippingBadLine = b != (byte)'\n';
            }

            if (b == (byte)'\n') physicalLine++;
            // The next logical line starts at the physical line of the first byte after an event.
            if (ev != WordParserEvent.None) lineStart = physicalLine;
        }

        if (parser.Finish()) lines.Add(new ConfigLine(parser.ToStrings(), lineStart));
        parser.ReleaseIfIdle();
        return lines;
    }

    public static List<ConfigLine> Read(string text, string fileName, Action<int>? onParseError = null) =>
        Read(Encoding.UTF8.GetBytes(text), fileName, onParseError);

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
