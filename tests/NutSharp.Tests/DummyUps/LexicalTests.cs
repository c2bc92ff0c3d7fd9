using System.Text;

namespace NutSharp.Tests.DummyUps;

/// <summary>dummy-ups.md §3: the parseconf tokenizer as the definition file sees it.</summary>
public class LexicalTests
{
    [Test]
    public void Comments_blank_lines_crlf_and_a_last_line_without_newline()
    {
        using var bench = DummyUpsBench.Start("ups.dev",
            "# whole-line comment\n\n   \t\nups.mfr: Acme # trailing comment\r\nbattery.charge: 80\r\nnear.hash: abc#def\nlast.line: 1");
        Assert.That(bench.Value("ups.mfr"), Is.EqualTo("Acme"));
        Assert.That(bench.Value("battery.charge"), Is.EqualTo("80"));
        Assert.That(bench.Value("near.hash"), Is.EqualTo("abc"));
        Assert.That(bench.Value("last.line"), Is.EqualTo("1"));
    }

    [Test]
    public void Colon_is_optional_and_the_first_colon_cuts_the_name()
    {
        using var bench = DummyUpsBench.Start("ups.dev", "test.nocolon 42\na:b:c\nx.y:z: v\n");
        Assert.That(bench.Value("test.nocolon"), Is.EqualTo("42"));
        Assert.That(bench.Value("a"), Is.Null, "a:b:c has no value words: ignored");
        Assert.That(bench.Value("x.y"), Is.EqualTo("v"));
    }

    [Test]
    public void Equals_is_a_word_of_its_own()
    {
        using var bench = DummyUpsBench.Start("ups.dev", "x: a=b\ny: \"a=b\"\n");
        Assert.That(bench.Value("x"), Is.EqualTo("a = b"));
        Assert.That(bench.Value("y"), Is.EqualTo("a=b"));
    }

    [Test]
    public void Quotes_keep_spaces_while_unquoted_runs_and_tabs_collapse()
    {
        using var bench = DummyUpsBench.Start("ups.dev", "q: \"  padded  \"\nspaces: a    b\t\tc\nmixed: \"x  y\"   z\n");
        Assert.That(bench.Value("q"), Is.EqualTo("  padded  "));
        Assert.That(bench.Value("spaces"), Is.EqualTo("a b c"));
        Assert.That(bench.Value("mixed"), Is.EqualTo("x  y z"));
    }

    [Test]
    public void Backslash_escapes_continuation_and_single_quotes()
    {
        using var bench = DummyUpsBench.Start("ups.dev",
            "esc: a\\\\b \\\"q\\\" c\\ d\n" +
            "cont: part1 \\\npart2\n" +
            "inquote: \"x\\\"y\"\n" +
            "sq: 'single quoted'\n");
        Assert.That(bench.Value("esc"), Is.EqualTo("a\\b \"q\" c d"));
        Assert.That(bench.Value("cont"), Is.EqualTo("part1 part2"));
        Assert.That(bench.Value("inquote"), Is.EqualTo("x\"y"));
        Assert.That(bench.Value("sq"), Is.EqualTo("'single quoted'"));
    }

    [Test]
    public void An_unterminated_quote_runs_over_the_newline()
    {
        using var bench = DummyUpsBench.Start("ups.dev", "open: \"first\nsecond\"\nafter: 1\n");
        Assert.That(bench.Value("open"), Is.EqualTo("firstsecond"));
        Assert.That(bench.Value("after"), Is.EqualTo("1"));
    }

    [Test]
    public void Hash_inside_quotes_drops_the_line_and_reads_the_rest_as_a_new_line()
    {
        using var bench = DummyUpsBench.Start("ups.dev",
            "before: previous\ntest.hashinquote: \"a#b\"\ntest.hash2: \"a#b\" rest\nafter: ok\n");
        Assert.That(bench.Value("test.hashinquote"), Is.Null);
        Assert.That(bench.Value("test.hash2"), Is.Null);
        // The rest of the physical line, b" rest, is a line of its own: variable b" = rest.
        Assert.That(bench.Value("b\""), Is.EqualTo("rest"));
        Assert.That(bench.Value("before"), Is.EqualTo("previous"));
        Assert.That(bench.Value("after"), Is.EqualTo("ok"));
    }

    [Test]
    public void Non_ascii_and_control_bytes_are_dropped_and_del_is_kept()
    {
        var content = new List<byte>();
        content.AddRange(Encoding.UTF8.GetBytes("utf8: café\n"));
        content.AddRange(Encoding.Latin1.GetBytes("ctrl: a\u0001b\u0007c\n"));
        content.AddRange(Encoding.Latin1.GetBytes("del: a\u007fb\n"));
        using var bench = new DummyUpsBench("ups.dev");
        bench.WriteBytes([.. content]);
        bench.Poll();
        Assert.That(bench.Value("utf8"), Is.EqualTo("caf"));
        Assert.That(bench.Value("ctrl"), Is.EqualTo("abc"));
        Assert.That(bench.Value("del"), Is.EqualTo("a\u007fb"));
    }

    [Test]
    public void Words_are_cut_at_512_values_at_127_and_lines_at_32_words()
    {
        var longName = new string('n', 520);
        var longValue = new string('v', 300);
        var manyWords = string.Join(' ', Enumerable.Range(1, 40));
        using var bench = DummyUpsBench.Start("ups.dev",
            $"{longName}: cut\nlong.value: {longValue}\nmany.words: {manyWords}\njoined: {new string('a', 100)} {new string('b', 100)}\n");
        // The colon sat after character 512, so it was cut off with the rest of the word.
        Assert.That(bench.Value(new string('n', 512)), Is.EqualTo("cut"));
        Assert.That(bench.Value("long.value"), Is.EqualTo(new string('v', 127)));
        Assert.That(bench.Value("many.words"), Is.EqualTo(string.Join(' ', Enumerable.Range(1, 31))));
        Assert.That(bench.Value("joined"), Is.EqualTo(new string('a', 100) + " " + new string('b', 26)));
    }
}
