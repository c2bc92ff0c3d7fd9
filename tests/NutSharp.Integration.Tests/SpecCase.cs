using System.Text;
using System.Text.RegularExpressions;

namespace NutSharp.Integration.Tests;

/// <summary>What one line of a .case file asks the runner to do (format: protocol-spec/README.md).</summary>
public enum SpecStepKind
{
    /// <summary><c>&gt;</c> or <c>&gt;&gt;</c>: bytes to send (consecutive sends go out in one write).</summary>
    Send,

    /// <summary><c>&lt;</c>, <c>&lt;~</c>, <c>&lt;upsd</c>, <c>&lt;nutsharp</c>: one reply line.</summary>
    Expect,

    /// <summary><c>@...</c>: connection handling, fake driver control, waits.</summary>
    Directive,
}

/// <summary>One parsed line of a case, with its line number for failure messages.</summary>
public sealed record SpecStep(int LineNumber, SpecStepKind Kind, string Text)
{
    /// <summary>For Send: the exact bytes. For Expect: the exact line without its LF (unless a regex).</summary>
    public byte[] Bytes { get; init; } = [];

    /// <summary>For Expect: a full-line pattern instead of exact bytes.</summary>
    public Regex? Pattern { get; init; }

    /// <summary>For Expect: only for this server kind (null = every server).</summary>
    public string? OnlyFor { get; init; }

    /// <summary>For Directive: the words after the <c>@</c>.</summary>
    public string[] Words { get; init; } = [];
}

/// <summary>A parsed .case file.</summary>
public sealed class SpecCase
{
    private static readonly Regex Repeat = new(@"\{\{(\d+)\*([^}]+)\}\}", RegexOptions.CultureInvariant);

    private SpecCase(string name, string path, List<SpecStep> steps, bool freshServer, bool mutatesServer, string? deviation)
    {
        Name = name;
        Path = path;
        Steps = steps;
        FreshServer = freshServer;
        MutatesServer = mutatesServer;
        Deviation = deviation;
    }

    public string Name { get; }

    public string Path { get; }

    public IReadOnlyList<SpecStep> Steps { get; }

    /// <summary><c># fresh-server</c>: needs a just-started server (tracking ids, FSD latch).</summary>
    public bool FreshServer { get; }

    /// <summary><c># mutates-server</c> (implied by fresh-server): leaves state other cases must not see.</summary>
    public bool MutatesServer { get; }

    /// <summary><c># deviation: why</c>: NutSharp differs from upsd here on purpose.</summary>
    public string? Deviation { get; }

    public override string ToString() => Name;

    public static SpecCase Load(string path)
    {
        var steps = new List<SpecStep>();
        bool fresh = false, mutates = false;
        string? deviation = null;
        string[] lines = File.ReadAllLines(path, Encoding.UTF8);
        string? only = null; // inside an "@only upsd|nutsharp" block
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            int number = i + 1;
            if (line.Length == 0) continue;
            if (line.StartsWith('#'))
            {
                string header = line[1..].Trim();
                if (header == "fresh-server") fresh = mutates = true;
                else if (header == "mutates-server") mutates = true;
                else if (header.StartsWith("deviation:", StringComparison.Ordinal)) deviation = header["deviation:".Length..].Trim();
                continue;
            }
            if (line.StartsWith("@only ", StringComparison.Ordinal)) { only = line["@only ".Length..].Trim(); continue; }
            if (line == "@all") { only = null; continue; }
            var step = ParseStep(path, number, line);
            steps.Add(only is null ? step : step with { OnlyFor = only });
        }
        if (steps.Any(s => s.OnlyFor is not null) && deviation is null)
            throw new FormatException($"{path}: server-specific lines ('<upsd', '<nutsharp', '@only') need a '# deviation:' header");
        return new SpecCase(System.IO.Path.GetFileNameWithoutExtension(path), path, steps, fresh, mutates, deviation);
    }

    private static SpecStep ParseStep(string path, int number, string line)
    {
        if (line.StartsWith(">>", StringComparison.Ordinal))
            return new SpecStep(number, SpecStepKind.Send, line) { Bytes = Unescape(Expand(Argument(line, 2)), path, number) };
        if (line.StartsWith('>'))
            return new SpecStep(number, SpecStepKind.Send, line) { Bytes = Encoding.ASCII.GetBytes(Expand(Argument(line, 1)) + "\n") };
        if (line.StartsWith("<~", StringComparison.Ordinal))
            return new SpecStep(number, SpecStepKind.Expect, line) { Pattern = new Regex("^(?:" + Argument(line, 2) + ")$", RegexOptions.CultureInvariant) };
        foreach (var kind in new[] { "upsd", "nutsharp" })
        {
            if (line.StartsWith("<" + kind, StringComparison.Ordinal))
                return new SpecStep(number, SpecStepKind.Expect, line) { OnlyFor = kind, Bytes = Encoding.ASCII.GetBytes(Expand(Argument(line, 1 + kind.Length))) };
        }
        if (line.StartsWith('<'))
            return new SpecStep(number, SpecStepKind.Expect, line) { Bytes = Encoding.ASCII.GetBytes(Expand(Argument(line, 1))) };
        if (line.StartsWith('@'))
            return new SpecStep(number, SpecStepKind.Directive, line) { Words = Expand(line[1..]).Split(' ', StringSplitOptions.RemoveEmptyEntries) };
        throw new FormatException($"{path}:{number}: cannot read '{line}'");
    }

    /// <summary>The text after the marker; one separating space is dropped, further spaces are kept.</summary>
    private static string Argument(string line, int markerLength)
    {
        string rest = line[markerLength..];
        return rest.StartsWith(' ') ? rest[1..] : rest;
    }

    /// <summary><c>{{N*text}}</c> stands for text repeated N times (long words and lines).</summary>
    private static string Expand(string text) =>
        Repeat.Replace(text, m => string.Concat(Enumerable.Repeat(m.Groups[2].Value, int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))));

    /// <summary>C-style escapes for raw bytes: \n \r \t \v \f \0 \\ \xHH.</summary>
    private static byte[] Unescape(string text, string path, int number)
    {
        var bytes = new List<byte>();
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '\\') { bytes.Add((byte)c); continue; }
            if (++i >= text.Length) throw new FormatException($"{path}:{number}: dangling backslash");
            switch (text[i])
            {
                case 'n': bytes.Add(0x0A); break;
                case 'r': bytes.Add(0x0D); break;
                case 't': bytes.Add(0x09); break;
                case 'v': bytes.Add(0x0B); break;
                case 'f': bytes.Add(0x0C); break;
                case '0': bytes.Add(0x00); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case 'x':
                    bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                    i += 2;
                    break;
                default: throw new FormatException($"{path}:{number}: unknown escape \\{text[i]}");
            }
        }
        return [.. bytes];
    }
}
