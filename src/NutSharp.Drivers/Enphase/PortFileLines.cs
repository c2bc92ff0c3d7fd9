namespace NutSharp.Drivers.Enphase;

/// <summary>Reading a port file's lines as the script's <c>while read -r line</c> does, without its loss of a last line that has no newline.</summary>
public static class PortFileLines
{
    public static List<string> Read(string path)
    {
        var text = File.ReadAllText(path);
        var lines = new List<string>(text.Split('\n'));
        // A final newline ends the last line; it does not start an empty one.
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        // read -r strips the blanks of IFS (space, tab) at both ends.
        return [.. lines.Select(l => l.Trim(' ', '\t'))];
    }

    /// <summary>The key of a line: the text before its first colon (the whole line without one).</summary>
    public static string KeyOf(string line)
    {
        int colon = line.IndexOf(':');
        return colon < 0 ? line : line[..colon];
    }

    /// <summary>The value of a line: the text after its first colon, blanks trimmed.</summary>
    public static string ValueOf(string line)
    {
        int colon = line.IndexOf(':');
        return (colon < 0 ? line : line[(colon + 1)..]).Trim(' ', '\t');
    }
}
