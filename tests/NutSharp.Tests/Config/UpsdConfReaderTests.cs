using NutSharp.Config;

namespace NutSharp.Tests.Config;

public class UpsdConfReaderTests
{
    private static UpsdSettings Parse(string text) => UpsdConfReader.Parse(text, "upsd.conf");

    private static ConfigException Fails(string text) =>
        Assert.Throws<ConfigException>(() => Parse(text))!;

    [Test]
    public void Section_16_configuration_is_read()
    {
        var settings = Parse("LISTEN 127.0.0.1 13493\nLISTEN ::1 13493\nMAXAGE 15\nTRACKINGDELAY 3600\n");

        Assert.That(settings.Listen, Is.EqualTo(new[]
        {
            new ListenAddress("127.0.0.1", 13493),
            new ListenAddress("::1", 13493),
        }));
        Assert.That(settings.MaxAge, Is.EqualTo(15));
        Assert.That(settings.TrackingDelay, Is.EqualTo(3600));
        Assert.That(settings.Warnings, Is.Empty);
    }

    [Test]
    public void An_empty_file_gives_the_defaults()
    {
        var settings = Parse("# nothing here\n");

        Assert.That(settings.Listen, Is.Empty);
        Assert.That(settings.MaxAge, Is.EqualTo(15));
        Assert.That(settings.TrackingDelay, Is.EqualTo(3600));
        Assert.That(settings.MaxConn, Is.Null);
        Assert.That(settings.AllowNoDevice, Is.False);
        Assert.That(settings.DebugMin, Is.EqualTo(0));
    }

    [Test]
    public void Listen_without_port_uses_the_nut_port_and_accepts_the_wildcard()
    {
        var settings = Parse("LISTEN 0.0.0.0\nLISTEN *\nLISTEN localhost 4000\n");

        Assert.That(settings.Listen, Is.EqualTo(new[]
        {
            new ListenAddress("0.0.0.0", 3493),
            new ListenAddress("*", 3493),
            new ListenAddress("localhost", 4000),
        }));
    }

    [Test]
    public void Every_directive_is_applied()
    {
        var settings = Parse("""
            MAXAGE 30
            MAXCONN 1024
            STATEPATH /run/nutsharp
            DATAPATH /usr/share/nut
            CERTFILE /etc/nut/upsd.pem
            CERTPATH /etc/nut/cert.db
            CERTIDENT upsd "db pass"
            CERTREQUEST 2
            DISABLE_WEAK_SSL yes
            TRACKINGDELAY 60
            ALLOW_NO_DEVICE true
            ALLOW_NOT_ALL_LISTENERS on
            debug_min 3
            """);

        Assert.That(settings.MaxAge, Is.EqualTo(30));
        Assert.That(settings.MaxConn, Is.EqualTo(1024));
        Assert.That(settings.StatePath, Is.EqualTo("/run/nutsharp"));
        Assert.That(settings.DataPath, Is.EqualTo("/usr/share/nut"));
        Assert.That(settings.CertFile, Is.EqualTo("/etc/nut/upsd.pem"));
        Assert.That(settings.CertPath, Is.EqualTo("/etc/nut/cert.db"));
        Assert.That(settings.CertIdentName, Is.EqualTo("upsd"));
        Assert.That(settings.CertIdentPassword, Is.EqualTo("db pass"));
        Assert.That(settings.CertRequest, Is.EqualTo(2));
        Assert.That(settings.DisableWeakSsl, Is.True);
        Assert.That(settings.TrackingDelay, Is.EqualTo(60));
        Assert.That(settings.AllowNoDevice, Is.True);
        Assert.That(settings.AllowNotAllListeners, Is.True);
        Assert.That(settings.DebugMin, Is.EqualTo(3));
        Assert.That(settings.Warnings, Is.Empty);
    }

    [Test]
    public void An_empty_cert_ident_password_is_allowed()
    {
        var settings = Parse("CERTIDENT upsd \"\"\n");

        Assert.That(settings.CertIdentName, Is.EqualTo("upsd"));
        Assert.That(settings.CertIdentPassword, Is.EqualTo(""));
    }

    [TestCase("true", true)]
    [TestCase("ON", true)]
    [TestCase("yes", true)]
    [TestCase("1", true)]
    [TestCase("42", true)]
    [TestCase("false", false)]
    [TestCase("off", false)]
    [TestCase("No", false)]
    [TestCase("0", false)]
    public void Booleans_accept_words_and_numbers(string word, bool expected)
    {
        var settings = Parse($"ALLOW_NO_DEVICE {word}\nDISABLE_WEAK_SSL {word}\nALLOW_NOT_ALL_LISTENERS {word}\n");

        Assert.That(settings.AllowNoDevice, Is.EqualTo(expected));
        Assert.That(settings.DisableWeakSsl, Is.EqualTo(expected));
        Assert.That(settings.AllowNotAllListeners, Is.EqualTo(expected));
    }

    [Test]
    public void A_number_is_read_like_atoi_once_it_starts_with_a_digit()
    {
        Assert.That(Parse("MAXAGE 20s\n").MaxAge, Is.EqualTo(20));
    }

    [TestCase("MAXAGE abc\n", "MAXAGE needs a number, got 'abc'")]
    [TestCase("MAXCONN -5\n", "MAXCONN needs a number, got '-5'")]
    [TestCase("TRACKINGDELAY soon\n", "TRACKINGDELAY needs a number")]
    [TestCase("CERTREQUEST REQUIRE\n", "CERTREQUEST needs a number")]
    [TestCase("DEBUG_MIN x\n", "DEBUG_MIN needs a number")]
    [TestCase("ALLOW_NO_DEVICE maybe\n", "ALLOW_NO_DEVICE needs a boolean")]
    [TestCase("DISABLE_WEAK_SSL sometimes\n", "DISABLE_WEAK_SSL needs a boolean")]
    public void Bad_values_are_errors(string text, string problem)
    {
        var ex = Fails(text);

        Assert.That(ex.Line, Is.EqualTo(1));
        Assert.That(ex.Problem, Does.Contain(problem));
    }

    [TestCase("LISTEN")]
    [TestCase("MAXAGE")]
    [TestCase("MAXCONN")]
    [TestCase("STATEPATH")]
    [TestCase("DATAPATH")]
    [TestCase("CERTFILE")]
    [TestCase("CERTIDENT onlyname")]
    [TestCase("ALLOW_NO_DEVICE")]
    [TestCase("TRACKINGDELAY")]
    public void Missing_arguments_are_errors_naming_the_line(string directive)
    {
        var ex = Fails($"MAXAGE 10\n\n{directive}\n");

        Assert.That(ex.File, Is.EqualTo("upsd.conf"));
        Assert.That(ex.Line, Is.EqualTo(3));
        Assert.That(ex.Message, Does.StartWith("upsd.conf:3: " + directive.Split(' ')[0]));
    }

    [TestCase("LISTEN 127.0.0.1 http")]
    [TestCase("LISTEN 127.0.0.1 0")]
    [TestCase("LISTEN 127.0.0.1 70000")]
    public void A_bad_port_is_an_error(string line)
    {
        Assert.That(Fails(line).Problem, Does.Contain("port"));
    }

    [Test]
    public void Unknown_and_wrongly_cased_directives_are_warnings_and_reading_goes_on()
    {
        var settings = Parse("FOO bar baz\nmaxage 99\nMAXAGE 7\n");

        Assert.That(settings.MaxAge, Is.EqualTo(7));
        Assert.That(settings.Warnings.Select(w => w.ToString()), Is.EqualTo(new[]
        {
            "upsd.conf:1: invalid directive FOO bar baz",
            "upsd.conf:2: invalid directive maxage 99",
        }));
    }

    [TestCase("ACCEPT localhost")]
    [TestCase("REJECT all")]
    [TestCase("ACL all 0.0.0.0/0")]
    public void Obsolete_access_control_is_a_warning(string line)
    {
        var settings = Parse("MAXAGE 5\n" + line + "\n");

        var warning = settings.Warnings.Single();
        Assert.That(warning.Line, Is.EqualTo(2));
        Assert.That(warning.Message, Does.Contain("obsolete"));
    }

    [Test]
    public void Extra_words_are_a_warning()
    {
        var settings = Parse("MAXAGE 5 10\n");

        Assert.That(settings.MaxAge, Is.EqualTo(5));
        Assert.That(settings.Warnings.Single().Message, Does.Contain("10"));
    }

    [Test]
    public void A_quoted_hash_is_a_parse_error_naming_the_line()
    {
        var ex = Fails("MAXAGE 5\nSTATEPATH \"/run/#nut\"\n");

        Assert.That(ex.Line, Is.EqualTo(2));
        Assert.That(ex.Problem, Does.Contain("#"));
    }

    [Test]
    public void Cr_lf_continuation_and_a_missing_final_newline_are_handled()
    {
        var settings = Parse("MAXAGE 5\r\nLISTEN 127.0.0.1 \\\n1234\r\nMAXCONN\\\n 9");

        Assert.That(settings.MaxAge, Is.EqualTo(5));
        Assert.That(settings.Listen, Is.EqualTo(new[] { new ListenAddress("127.0.0.1", 1234) }));
        Assert.That(settings.MaxConn, Is.EqualTo(9));
    }

    [Test]
    public void A_backslash_ending_a_comment_does_not_continue_it()
    {
        var ex = Fails("# a comment \\\nMAXAGE x\n");

        Assert.That(ex.Line, Is.EqualTo(2));
    }

    [Test]
    public void Read_uses_the_file_on_disk()
    {
        string dir = Directory.CreateTempSubdirectory("nutsharp-upsdconf-").FullName;
        try
        {
            string path = Path.Combine(dir, "upsd.conf");
            File.WriteAllText(path, "LISTEN 127.0.0.1 13493\nBOGUS\n");

            var settings = UpsdConfReader.Read(path);

            Assert.That(settings.Listen.Single().Port, Is.EqualTo(13493));
            Assert.That(settings.Warnings.Single().ToString(), Is.EqualTo($"{path}:2: invalid directive BOGUS"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
