using System.Text;

namespace NutSharp.Drivers.Enphase;

/// <summary>
/// Reads the enphase-monitor config file: the script sources it with bash, so it holds shell
/// assignments. The subset real configs use is understood here (<c>KEY=value</c>,
/// <c>KEY="value"</c>, <c>KEY='value'</c>, an optional <c>export</c>, <c>#</c> comments,
/// <c>$NAME</c>/<c>${NAME}</c> from earlier keys or the environment); anything else (commands,
/// command substitution, a quote left open) is refused with the file and line, where bash would
/// have run it.
/// </summary>
public static class ShellConfigFile
{
    /// <summary>Every assignment in order, the last one of a key winning; <paramref name="environment"/> resolves $NAME not set in the file.</summary>
    public static Dictionary<string, string> Parse(string text, string path, Func<string, string?> environment)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (int n = 0; n < lines.Length; n++)
        {
            var line = lines[n].TrimEnd('\r').TrimStart(' ', '\t');
            if (line.Length == 0 || line[0] == '#') continue;
            if (line.StartsWith("export ", StringComparison.Ordinal) || line.StartsWith("export\t", StringComparison.Ordinal))
                line = line[7..].TrimStart(' ', '\t');
            int equals = line.IndexOf('=');
            if (equals <= 0 || !IsName(line.AsSpan(0, equals)))
                throw Refuse(path, n + 1, "not a KEY=value assignment");
            var name = line[..equals];
            values[name] = Value(line, equals + 1, path, n + 1, name => values.TryGetValue(name, out var v) ? v : environment(name) ?? "");
        }
        return values;
    }

    private static bool IsName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || !(char.IsAsciiLetter(name[0]) || name[0] == '_')) return false;
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        return true;
    }

    /// <summary>One shell word: quoted and unquoted parts joined, up to unquoted blank space; only a comment may follow.</summary>
    private static string Value(string line, int start, string path, int lineNumber, Func<string, string> lookup)
    {
        var value = new StringBuilder();
        int i = start;
        while (i < line.Length && line[i] is not (' ' or '\t'))
        {
            char c = line[i];
            if (c == '\'')
            {
                int end = line.IndexOf('\'', i + 1);
                if (end < 0) throw Refuse(path, lineNumber, "a quote is not closed on its line (values spanning lines are not supported)");
                value.Append(line, i + 1, end - i - 1);
                i = end + 1;
            }
            else if (c == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length) throw Refuse(path, lineNumber, "a quote is not closed on its line (values spanning lines are not supported)");
                    char q = line[i];
                    if (q == '"') { i++; break; }
                    if (q == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$' or '`')
                    {
                        value.Append(line[i + 1]);
                        i += 2;
                    }
                    else if (q == '$') i = Expand(line, i, value, path, lineNumber, lookup);
                    else if (q == '`') throw Refuse(path, lineNumber, "command substitution is not supported");
                    else { value.Append(q); i++; }
                }
            }
            else if (c == '\\')
            {
                if (i + 1 < line.Length) value.Append(line[i + 1]);
                i += 2;
            }
            else if (c == '$') i = Expand(line, i, value, path, lineNumber, lookup);
            else if (c is '`' or ';' or '&' or '|' or '<' or '>' or '(' or ')')
                throw Refuse(path, lineNumber, $"'{c}' outside quotes: only plain assignments are supported");
            else { value.Append(c); i++; }
        }
        var rest = line.AsSpan(i).TrimStart(" \t");
        if (!rest.IsEmpty && rest[0] != '#')
            throw Refuse(path, lineNumber, "more than one word after '=' (quote a value with spaces)");
        return value.ToString();
    }

    private static int Expand(string line, int i, StringBuilder value, string path, int lineNumber, Func<string, string> lookup)
    {
        int start = i + 1;
        if (start < line.Length && line[start] == '{')
        {
            int end = line.IndexOf('}', start);
            if (end < 0 || !IsName(line.AsSpan(start + 1, end - start - 1)))
                throw Refuse(path, lineNumber, "only ${NAME} is supported inside braces");
            value.Append(lookup(line[(start + 1)..end]));
            return end + 1;
        }
        int stop = start;
        while (stop < line.Length && (char.IsAsciiLetterOrDigit(line[stop]) || line[stop] == '_')) stop++;
        if (stop == start)
        {
            if (start < line.Length && line[start] == '(') throw Refuse(path, lineNumber, "command substitution is not supported");
            value.Append('$');
            return start;
        }
        if (char.IsAsciiDigit(line[start])) throw Refuse(path, lineNumber, "positional parameters ($1...) are not supported");
        value.Append(lookup(line[start..stop]));
        return stop;
    }

    private static EnphaseFatalException Refuse(string path, int line, string why) =>
        new($"Config {path} cannot be parsed: line {line}: {why}");
}
