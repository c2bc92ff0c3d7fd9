using System.Net;
using NutSharp.Config;

namespace NutSharp.Tests.Config;

/// <summary>nutsharp.toml's [http] table: off by default, strict like the rest of the file.</summary>
public class HttpSettingsReaderTests
{
    private const string File = "/etc/nut/nutsharp.toml";

    private static HttpSettings Parse(string text) => NutSharpSettingsReader.Parse(text, File).Http;

    private static void AssertError(string text, int line, int column, string problem)
    {
        var ex = Assert.Throws<ConfigException>(() => NutSharpSettingsReader.Parse(text, File))!;
        Assert.That(ex.Message, Is.EqualTo($"{File}:{line}:{column}: {problem}"));
    }

    [Test]
    public void Http_is_off_without_the_table_or_with_no_address()
    {
        Assert.That(Parse("").Enabled, Is.False);
        Assert.That(Parse("[server]\noutput_budget_mb = 1\n").Enabled, Is.False);
        Assert.That(Parse("[http]\nlisten = []\n").Enabled, Is.False);
        Assert.That(Parse("[http]\nrequire_login_for_reads = true\n").Enabled, Is.False, "settings without an address do not turn it on");
    }

    [Test]
    public void Listen_takes_ipv4_and_bracketed_ipv6_addresses_with_ports()
    {
        var http = Parse("[http]\nlisten = [\"127.0.0.1:8080\", \"[::1]:8080\", \"0.0.0.0:80\", \"[::]:443\"]\n");
        Assert.That(http.Enabled, Is.True);
        Assert.That(http.Listen.Select(l => l.EndPoint), Is.EqualTo(new[]
        {
            new IPEndPoint(IPAddress.Loopback, 8080),
            new IPEndPoint(IPAddress.IPv6Loopback, 8080),
            new IPEndPoint(IPAddress.Any, 80),
            new IPEndPoint(IPAddress.IPv6Any, 443),
        }));
        Assert.That((http.Listen[1].Line, http.Listen[1].Column), Is.EqualTo((2, 29)));
    }

    [TestCase("\"localhost:8080\"")]
    [TestCase("\"127.0.0.1\"")]
    [TestCase("\"127.0.0.1:0\"")]
    [TestCase("\"127.0.0.1:65536\"")]
    [TestCase("\"::1:8080\"")]
    [TestCase("\"[127.0.0.1]:8080\"")]
    [TestCase("\"127.1:8080\"")]
    [TestCase("\"127.0.0.1:+80\"")]
    public void A_listen_entry_that_is_not_an_address_and_port_is_an_error_at_the_entry(string entry) =>
        AssertError($"[http]\nlisten = [{entry}]\n", 2, 11,
            $"'listen' holds {entry}, which is not an IP address and port (IPv4 as 127.0.0.1:8080, IPv6 in brackets as [::1]:8080, 0.0.0.0 or [::] for every address)");

    [Test]
    public void Listen_must_be_a_list_of_strings_without_repeats()
    {
        AssertError("[http]\nlisten = \"127.0.0.1:8080\"\n", 2, 10, "'listen' takes a list of addresses with ports, e.g. listen = [\"127.0.0.1:8080\", \"[::1]:8080\"]; found a string");
        AssertError("[http]\nlisten = [8080]\n", 2, 11, "'listen' takes addresses in quotes, e.g. listen = [\"127.0.0.1:8080\", \"[::1]:8080\"]; found an integer");
        AssertError("[http]\nlisten = [\"[::1]:80\", \"[0:0::1]:80\"]\n", 2, 23, "'listen' holds [::1]:80 twice (first at line 2, column 11)");
    }

    [Test]
    public void Tls_files_are_taken_from_the_settings_file_directory_and_come_in_pairs()
    {
        var http = Parse("[http]\ntls_certificate = \"certs/http.pem\"\ntls_key = \"/secure/http.key\"\n");
        Assert.That(http.TlsCertificate!.Path, Is.EqualTo("/etc/nut/certs/http.pem"));
        Assert.That(http.TlsKey!.Path, Is.EqualTo("/secure/http.key"));
        AssertError("[http]\ntls_certificate = \"http.pem\"\n", 2, 19, "'tls_certificate' in [http] needs 'tls_key' too");
        AssertError("[http]\ntls_key = \"http.key\"\n", 2, 11, "'tls_key' in [http] needs 'tls_certificate' too");
        AssertError("[http]\ntls_key = \"\"\n", 2, 11, "'tls_key' takes a file name in quotes, e.g. tls_key = \"/etc/nut/nutsharp.pem\"; found an empty string");
    }

    [Test]
    public void Reads_are_anonymous_unless_a_login_is_required()
    {
        Assert.That(Parse("[http]\n").RequireLoginForReads, Is.False);
        Assert.That(Parse("[http]\nrequire_login_for_reads = true\n").RequireLoginForReads, Is.True);
        AssertError("[http]\nrequire_login_for_reads = \"yes\"\n", 2, 27, "'require_login_for_reads' takes true or false; found a string");
    }

    [Test]
    public void The_history_size_is_a_bounded_count()
    {
        Assert.That(Parse("[http]\nhistory_size = 17280\n").HistorySize, Is.EqualTo(17280));
        Assert.That(Parse("[http]\n").HistorySize, Is.Null);
        AssertError("[http]\nhistory_size = -1\n", 2, 16, "'history_size' must be from 0 to 10000000 (samples); found -1");
    }

    [Test]
    public void An_unknown_http_key_names_the_known_ones()
    {
        AssertError("[http]\nport = 8080\n", 2, 1, "unknown key 'port' in [http] (it takes listen, tls_certificate, tls_key, require_login_for_reads, history_size and history_resolution_seconds)");
    }
}
