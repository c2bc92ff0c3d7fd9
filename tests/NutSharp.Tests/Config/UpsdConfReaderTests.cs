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
            new ListenAddress("127.0.0.1", "13493", 1),
            new ListenAddress("::1", "13493", 2),
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
        Assert.That(settings.DebugMin, Is.Null);
    }

    [Test]
    public void Listen_without_port_uses_the_nut_port_and_accepts_the_wildcard()
    {
        var settings = Parse("LISTEN 0.0.0.0\nLISTEN *\nLISTEN localhost 4000\n");

        Assert.That(settings.Listen, Is.EqualTo(new[]
        {
            new ListenAddress("0.0.0.0", "3493", 1),
            new ListenAddress("*", "3493", 2),
            new ListenAddress("localhost", "4000", 3),
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
            CERTPATH /etc/nut/cert.db
            CERTIDENT upsd "db pass"
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
        Assert.That(settings.CertPath, Is.EqualTo("/etc/nut/cert.db"));
        Assert.That(settings.CertIdentName, Is.EqualTo("upsd"));
        Assert.That(settings.CertIdentPassword, Is.EqualTo("db pass"));
        Assert.That(settings.DisableWeakSsl, Is.True);
        Assert.That(settings.TrackingDelay, Is.EqualTo(60));
        Assert.That(settings.AllowNoDevice, Is.True);
        Assert.That(settings.AllowNotAllListeners, Is.True);
        Assert.That(settings.DebugMin, Is.EqualTo(3));
        Assert.That(settings.Warnings, Is.Empty);
    }

    [Test]
    public void An_explicit_debug_min_0_is_kept_apart_from_none() =>
        Assert.That(Parse("DEBUG_MIN 0\n").DebugMin, Is.EqualTo(0), "a reload applies it as written (upsd drops to 0), where no DEBUG_MIN means the -D count");

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
    [TestCase("false", false)]
    [TestCase("off", false)]
    [TestCase("No", false)]
    [TestCase("0", false)]
    public void Booleans_accept_upsds_words(string word, bool expected)
    {
        var settings = Parse($"ALLOW_NO_DEVICE {word}\nDISABLE_WEAK_SSL {word}\nALLOW_NOT_ALL_LISTENERS {word}\n");

        Assert.That(settings.AllowNoDevice, Is.EqualTo(expected));
        Assert.That(settings.DisableWeakSsl, Is.EqualTo(expected));
        Assert.That(settings.AllowNotAllListeners, Is.EqualTo(expected));
        Assert.That(settings.Warnings, Is.Empty);
    }

    [Test]
    public void Allow_no_device_takes_any_number_but_disable_weak_ssl_only_one_and_zero()
    {
        var settings = Parse("ALLOW_NO_DEVICE 42\nDISABLE_WEAK_SSL 42\n");

        Assert.That(settings.AllowNoDevice, Is.True);
        Assert.That(settings.DisableWeakSsl, Is.False);
        Assert.That(settings.Warnings.Single().Line, Is.EqualTo(2));
    }

    [Test]
    public void A_number_is_read_like_atoi_once_it_starts_with_a_digit()
    {
        Assert.That(Parse("MAXAGE 20s\n").MaxAge, Is.EqualTo(20));
    }

    [TestCase("MAXAGE abc\n", "MAXAGE")]
    [TestCase("MAXAGE = 20\n", "MAXAGE")]
    [TestCase("MAXCONN -5\n", "MAXCONN")]
    [TestCase("TRACKINGDELAY soon\n", "TRACKINGDELAY")]
    [TestCase("DEBUG_MIN x\n", "DEBUG_MIN")]
    [TestCase("DEBUG_MIN -1\n", "DEBUG_MIN")]
    [TestCase("ALLOW_NO_DEVICE maybe\n", "ALLOW_NO_DEVICE")]
    [TestCase("DISABLE_WEAK_SSL sometimes\n", "DISABLE_WEAK_SSL")]
    public void Bad_values_are_warnings_and_the_default_stays_as_upsd_does(string text, string directive)
    {
        var settings = Parse("LISTEN 127.0.0.1 3493\n" + text);

        var warning = settings.Warnings.Single();
        Assert.That(warning.Line, Is.EqualTo(2));
        Assert.That(warning.Message, Does.StartWith(directive).And.Contain("ignored"));
        Assert.That(settings.MaxAge, Is.EqualTo(15));
        Assert.That(settings.MaxConn, Is.Null);
        Assert.That(settings.TrackingDelay, Is.EqualTo(3600));
        Assert.That(settings.DebugMin, Is.Null);
        Assert.That(settings.AllowNoDevice, Is.False);
        Assert.That(settings.DisableWeakSsl, Is.False);
    }

    [TestCase("LISTEN")]
    [TestCase("MAXAGE")]
    [TestCase("MAXCONN")]
    [TestCase("STATEPATH")]
    [TestCase("DATAPATH")]
    [TestCase("CERTIDENT onlyname")]
    [TestCase("ALLOW_NO_DEVICE")]
    [TestCase("TRACKINGDELAY")]
    [TestCase("ACL lonely")]
    public void Missing_arguments_are_warnings_naming_the_line(string directive)
    {
        var settings = Parse($"MAXAGE 10\n\n{directive}\n");

        var warning = settings.Warnings.Single();
        Assert.That(warning.File, Is.EqualTo("upsd.conf"));
        Assert.That(warning.Line, Is.EqualTo(3));
        Assert.That(warning.ToString(), Does.StartWith("upsd.conf:3: " + directive.Split(' ')[0]));
        Assert.That(settings.Listen, Is.Empty);
        Assert.That(settings.MaxAge, Is.EqualTo(10));
    }

    [Test]
    public void Maxconn_zero_is_refused_naming_the_line_that_counts()
    {
        var ex = Fails("MAXCONN 10\nMAXCONN 0x10\n");

        Assert.That(ex.Line, Is.EqualTo(2), "0x10 starts with a digit, so upsd reads it as atol(\"0x10\") = 0");
        Assert.That(ex.Problem, Does.Contain("MAXCONN"));
        Assert.That(Parse("MAXCONN 0\nMAXCONN 10\n").MaxConn, Is.EqualTo(10), "only the last MAXCONN counts");
        Assert.That(Parse("MAXCONN 10\nMAXCONN -1\n").MaxConn, Is.EqualTo(10), "-1 is ignored, not refused");
    }

    [TestCase("LISTEN 127.0.0.1 nut", "nut")]
    [TestCase("LISTEN 127.0.0.1 0", "0")]
    [TestCase("LISTEN 127.0.0.1 70000", "70000")]
    public void Listen_ports_are_kept_as_written_for_getaddrinfo(string line, string port)
    {
        var listen = Parse(line + "\n").Listen.Single();

        Assert.That(listen.Port, Is.EqualTo(port));
        Assert.That(listen.Line, Is.EqualTo(1));
    }

    [Test]
    public void Listen_with_extra_words_is_used_and_the_extra_words_are_a_warning()
    {
        var settings = Parse("LISTEN 127.0.0.1 3493 extra words\n");

        Assert.That(settings.Listen.Single(), Is.EqualTo(new ListenAddress("127.0.0.1", "3493", 1)));
        Assert.That(settings.Warnings.Single().Message, Does.Contain("ignored"));
    }

    [Test]
    public void Certfile_names_the_pem_file_and_optionally_a_separate_key_file()
    {
        var together = Parse("MAXAGE 5\nCERTFILE /etc/nut/upsd.pem\n");
        var apart = Parse("CERTFILE /etc/nut/cert.pem /etc/nut/key.pem\n");

        Assert.That((together.CertFile, together.CertKeyFile, together.CertFileLine), Is.EqualTo(("/etc/nut/upsd.pem", (string?)null, 2)));
        Assert.That((apart.CertFile, apart.CertKeyFile), Is.EqualTo(("/etc/nut/cert.pem", "/etc/nut/key.pem")));
        Assert.That(together.Warnings.Concat(apart.Warnings), Is.Empty);
    }

    [TestCase("0", ClientCertificateRequest.No)]
    [TestCase("no", ClientCertificateRequest.No)]
    [TestCase("1", ClientCertificateRequest.Request)]
    [TestCase("REQUEST", ClientCertificateRequest.Request)]
    [TestCase("2", ClientCertificateRequest.Require)]
    [TestCase("Require", ClientCertificateRequest.Require)]
    public void Certrequest_takes_upsds_numbers_and_words(string value, ClientCertificateRequest expected)
    {
        var settings = Parse($"CERTREQUEST {value}\n");

        Assert.That(settings.CertRequest, Is.EqualTo(expected));
        Assert.That(settings.Warnings, Is.Empty);
    }

    [Test]
    public void Certrequest_with_another_value_is_ignored_with_a_warning()
    {
        var settings = Parse("CERTREQUEST 3\n");

        Assert.That(settings.CertRequest, Is.EqualTo(ClientCertificateRequest.No));
        Assert.That(settings.Warnings.Single().ToString(), Does.StartWith("upsd.conf:1: CERTREQUEST needs 0/NO, 1/REQUEST or 2/REQUIRE"));
    }

    [Test]
    public void Unknown_and_wrongly_cased_directives_are_warnings_and_reading_goes_on()
    {
        var settings = Parse("FOO bar baz\nmaxage 99\nMAXAGE 7\n");

        Assert.That(settings.MaxAge, Is.EqualTo(7));
        Assert.That(settings.Warnings.Select(w => w.ToString()), Is.EqualTo(new[]
        {
            "upsd.conf:1: invalid directive 'FOO'; the line is ignored, as upsd ignores it",
            "upsd.conf:2: invalid directive 'maxage'; the line is ignored, as upsd ignores it",
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
        Assert.That(warning.Message, Does.Contain("no longer supported"));
    }

    [Test]
    public void Extra_words_are_a_warning()
    {
        var settings = Parse("MAXAGE 5 10\n");

        Assert.That(settings.MaxAge, Is.EqualTo(5));
        Assert.That(settings.Warnings.Single().Message, Does.Contain("ignored"));
    }

    [Test]
    public void A_quoted_hash_is_a_warning_and_what_follows_it_is_read_as_a_line()
    {
        var settings = Parse("MAXAGE 5\nSTATEPATH \"/run/#nut\"\nDATAPATH \"/usr/share # MAXCONN 7\n");

        Assert.That(settings.StatePath, Is.Null);
        Assert.That(settings.DataPath, Is.Null);
        Assert.That(settings.MaxConn, Is.EqualTo(7), "upsd's parser starts a new line right after the '#'");
        Assert.That(settings.Warnings.Select(w => w.Line), Is.EqualTo(new[] { 2, 2, 3 }),
            "line 2: the parse error, then 'nut\"' as a directive of its own; line 3: the parse error");
    }

    [Test]
    public void A_single_word_last_line_without_newline_is_ignored_as_upsd_does()
    {
        var settings = Parse("MAXAGE 20\nMAXAGE");

        var warning = settings.Warnings.Single();
        Assert.That(warning.Line, Is.EqualTo(2));
        Assert.That(warning.Message, Does.Contain("no newline"));
    }

    [Test]
    public void Cr_lf_continuation_and_a_missing_final_newline_are_handled()
    {
        var settings = Parse("MAXAGE 5\r\nLISTEN 127.0.0.1 \\\n1234\r\nMAXCONN\\\n 9");

        Assert.That(settings.MaxAge, Is.EqualTo(5));
        Assert.That(settings.Listen, Is.EqualTo(new[] { new ListenAddress("127.0.0.1", "1234", 2) }));
        Assert.That(settings.MaxConn, Is.EqualTo(9));
    }

    [Test]
    public void A_backslash_ending_a_comment_does_not_continue_it()
    {
        var settings = Parse("# a comment \\\nMAXAGE 30\n");

        Assert.That(settings.MaxAge, Is.EqualTo(30));
    }

    [Test]
    public void Warnings_never_echo_the_values_of_a_line()
    {
        var settings = Parse("certident upsd s3cretDbPass\nCERTIDENT s3cretName\nFROB s3cretWord\nMAXAGE s3cretAge extra\n");

        Assert.That(settings.Warnings, Has.Count.GreaterThanOrEqualTo(4));
        Assert.That(settings.Warnings.Select(w => w.ToString()), Has.None.Contain("s3cret"));
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

            Assert.That(settings.Listen.Single().Port, Is.EqualTo("13493"));
            Assert.That(settings.Warnings.Single().ToString(), Does.StartWith($"{path}:2: invalid directive 'BOGUS'"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
