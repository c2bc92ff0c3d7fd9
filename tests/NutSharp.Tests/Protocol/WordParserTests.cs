using System.Text;
using NutSharp.Protocol;

namespace NutSharp.Tests.Protocol;

public class WordParserTests
{
    private static List<string[]> Lines(string input)
    {
        var parser = new WordParser();
        var lines = new List<string[]>();
        foreach (var b in Encoding.Latin1.GetBytes(input))
        {
            var ev = parser.Feed(b);
            if (ev == WordParserEvent.Line) lines.Add(parser.ToStrings());
            else if (ev == WordParserEvent.Error) lines.Add(["<error>"]);
        }
        return lines;
    }

    [TestCase("VER\n", new[] { "VER" })]
    [TestCase("VER\r\n", new[] { "VER" })]
    [TestCase("VER\rNETVER\r\n", new[] { "VER", "NETVER" })]
    [TestCase("GET VAR ups v=foo\n", new[] { "GET", "VAR", "ups", "v", "=", "foo" })]
    [TestCase("a=b\n", new[] { "a", "=", "b" })]
    [TestCase("PASSWORD abc#x\n", new[] { "PASSWORD", "abc" })]
    [TestCase("SET VAR u v \"a \\\"b\\\" \\\\c\"\n", new[] { "SET", "VAR", "u", "v", "a \"b\" \\c" })]
    [TestCase("VE\\\nR\n", new[] { "VER" })]
    [TestCase("V\u0000E\u0080R\n", new[] { "VER" })]
    [TestCase("GET \u0080 VAR\n", new[] { "GET", "", "VAR" })]
    [TestCase("VER\u007f\n", new[] { "VER\u007f" })]
    [TestCase("\"\"\n", new[] { "" })]
    [TestCase("\n", new string[0])]
    [TestCase("   # only a comment\n", new string[0])]
    [TestCase("x \"open\nquote\"\n", new[] { "x", "openquote" })]
    public void Splits_lines_as_parseconf_does(string input, string[] expected)
    {
        var lines = Lines(input);
        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0], Is.EqualTo(expected));
    }

    [Test]
    public void Hash_inside_quotes_is_a_parse_error()
    {
        Assert.That(Lines("GET VAR u \"a#b\"\n")[0], Is.EqualTo(new[] { "<error>" }));
    }

    [Test]
    public void Keeps_at_most_32_words_of_512_characters()
    {
        var words = string.Join(" ", Enumerable.Range(0, 40).Select(i => "w" + i));
        var line = Lines(words + " " + new string('x', 600) + "\n")[0];
        Assert.That(line, Has.Length.EqualTo(32));
        Assert.That(line[31], Is.EqualTo("w31"));
        var longWord = Lines(new string('y', 700) + "\n")[0];
        Assert.That(longWord[0], Has.Length.EqualTo(512));
    }

    [Test]
    public void Last_line_without_newline_counts_at_end_of_file()
    {
        var parser = new WordParser();
        parser.Feed("a = b"u8, out _);
        Assert.That(parser.Finish(), Is.True);
        Assert.That(parser.ToStrings(), Is.EqualTo(new[] { "a", "=", "b" }));
    }
}
