using NutSharp.Drivers.Enphase;

namespace NutSharp.Tests.Enphase;

/// <summary>The enphase-monitor config: the shell assignments real configs hold, read without running anything.</summary>
[TestFixture]
public sealed class ShellConfigFileTests
{
    [Test]
    public void Quotes_comments_export_and_variables_read_as_bash_would_assign_them()
    {
        var values = ShellConfigFile.Parse("""
            # a comment
              USERNAME=owner@example.com   # trailing comment
            PASSWORD='pa$$ "word" #1'
            export SERIAL="2023${SUFFIX}"
            PORT_FILE=$UPS.dev
            ENVOY_HOST=envoy\ local
            EMPTY=
            LAST="a"'b'c
            """, "/etc/nut/enphase-gw.conf", name => name switch { "SUFFIX" => "99990001", "UPS" => "gw", _ => null });

        Assert.That(values, Is.EqualTo(new Dictionary<string, string>
        {
            ["USERNAME"] = "owner@example.com",
            ["PASSWORD"] = "pa$$ \"word\" #1",
            ["SERIAL"] = "202399990001",
            ["PORT_FILE"] = "gw.dev",
            ["ENVOY_HOST"] = "envoy local",
            ["EMPTY"] = "",
            ["LAST"] = "abc",
        }));
    }

    [TestCase("rm -rf /tmp/x\n", 1, "not a KEY=value assignment")]
    [TestCase("A=1\nB=`id`\n", 2, "'`' outside quotes: only plain assignments are supported")]
    [TestCase("A=\"open\n", 1, "a quote is not closed on its line (values spanning lines are not supported)")]
    [TestCase("A=two words\n", 1, "more than one word after '=' (quote a value with spaces)")]
    [TestCase("A=1; B=2\n", 1, "';' outside quotes: only plain assignments are supported")]
    public void Anything_bash_would_run_is_refused_with_the_file_and_line(string text, int line, string why)
    {
        var ex = Assert.Throws<EnphaseFatalException>(() => ShellConfigFile.Parse(text, "/etc/nut/enphase-gw.conf", _ => null))!;
        Assert.That(ex.Message, Is.EqualTo($"Config /etc/nut/enphase-gw.conf cannot be parsed: line {line}: {why}"));
    }
}
