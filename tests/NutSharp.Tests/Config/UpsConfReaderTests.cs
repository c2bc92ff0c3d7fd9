using NutSharp.Config;
using NutSharp.Testing;

namespace NutSharp.Tests.Config;

public class UpsConfReaderTests
{
    [Test]
    public void Section_16_configuration_gives_three_devices_in_file_order()
    {
        var conf = UpsConfReader.Parse(SpecConfiguration.UpsConf, "ups.conf");

        Assert.That(conf.Devices.Select(d => d.Name), Is.EqualTo(new[] { "dummy1", "dummy2", "fake" }));
        Assert.That(conf.Warnings, Is.Empty);
        var dummy1 = conf.Devices[0];
        Assert.That(dummy1.Driver, Is.EqualTo("dummy-ups"));
        Assert.That(dummy1.Port, Is.EqualTo("dummy1.dev"));
        Assert.That(dummy1.Description, Is.EqualTo("Dummy #1 \"main\" \\ UPS"));
        Assert.That(dummy1.Line, Is.EqualTo(3));
        Assert.That(conf.Devices[1].Description, Is.Null);
        Assert.That(conf.Devices[2].Description, Is.EqualTo("Scripted fake driver"));
    }

    [Test]
    public void Lines_before_the_first_section_are_globals()
    {
        var conf = UpsConfReader.Parse(SpecConfiguration.UpsConf, "ups.conf");

        Assert.That(conf.Globals, Is.EqualTo(new[] { new KeyValuePair<string, string?>("maxretry", "3") }));
        Assert.That(conf.Devices[0].Option("maxretry"), Is.Null);
    }

    [Test]
    public void Every_line_is_kept_as_an_option_in_file_order()
    {
        var conf = UpsConfReader.Parse("""
            [ups]
            driver = nutdrv_qx
            nolock
            port=auto
            pollinterval =5
            desc = "A UPS"
            """, "ups.conf");

        var ups = conf.Devices.Single();
        Assert.That(ups.Options.Select(o => o.Key), Is.EqualTo(new[] { "driver", "nolock", "port", "pollinterval", "desc" }));
        Assert.That(ups.HasFlag("nolock"), Is.True);
        Assert.That(ups.Option("nolock"), Is.Null);
        Assert.That(ups.Option("pollinterval"), Is.EqualTo("5"));
        Assert.That(ups.Option("port"), Is.EqualTo("auto"));
        Assert.That(ups.HasFlag("nosuchflag"), Is.False);
    }

    [Test]
    public void A_value_of_several_words_is_joined_with_single_spaces()
    {
        var conf = UpsConfReader.Parse("[ups]\ndriver = d\nport = p\ndesc = Rack   4   UPS\n", "ups.conf");

        Assert.That(conf.Devices[0].Description, Is.EqualTo("Rack 4 UPS"));
        Assert.That(conf.Devices[0].Option("desc"), Is.EqualTo("Rack 4 UPS"));
    }

    [Test]
    public void A_section_without_driver_or_port_is_skipped_with_a_warning()
    {
        var conf = UpsConfReader.Parse("""
            [good]
            driver = d
            port = p
            [noport]
            driver = d
            [nodriver]
            port = p
            """, "ups.conf");

        Assert.That(conf.Devices.Select(d => d.Name), Is.EqualTo(new[] { "good" }));
        Assert.That(conf.Warnings.Select(w => w.Line), Is.EqualTo(new[] { 4, 6 }));
        Assert.That(conf.Warnings[0].ToString(), Does.StartWith("ups.conf:4:").And.Contain("[noport]").And.Contain("port"));
        Assert.That(conf.Warnings[1].ToString(), Does.Contain("[nodriver]").And.Contain("driver"));
    }

    [Test]
    public void A_second_section_differing_only_in_case_is_an_error()
    {
        var ex = Assert.Throws<ConfigException>(() => UpsConfReader.Parse("""
            [ups]
            driver = d
            port = p

            [UPS]
            driver = d
            port = q
            """, "/etc/nut/ups.conf"));

        Assert.That(ex.File, Is.EqualTo("/etc/nut/ups.conf"));
        Assert.That(ex.Line, Is.EqualTo(5));
        Assert.That(ex.Message, Does.StartWith("/etc/nut/ups.conf:5: ").And.Contain("[UPS]"));
    }

    [Test]
    public void A_repeated_section_adds_to_the_first_with_a_warning()
    {
        var conf = UpsConfReader.Parse("[ups]\ndriver = d\n[other]\ndriver = x\nport = y\n[ups]\nport = p\n", "ups.conf");

        Assert.That(conf.Devices.Select(d => d.Name), Is.EqualTo(new[] { "ups", "other" }));
        Assert.That(conf.Devices[0].Port, Is.EqualTo("p"));
        Assert.That(conf.Warnings.Single().Line, Is.EqualTo(6));
    }

    [TestCase("[ups]\ndriver = d\nport =\n", 3, "no value")]
    [TestCase("[ups]\ndriver = d\n= value\n", 3, "=")]
    [TestCase("[ups]\n\n\ndesc = \"bad # here\"\n", 4, "#")]
    [TestCase("[ups]\ndriver d\n", 2, "driver d")]
    [TestCase("[ups]\ndriver\n", 2, "driver")]
    [TestCase("[]\n", 1, "[]")]
    public void Malformed_lines_are_errors_naming_the_line(string text, int line, string mentioned)
    {
        var ex = Assert.Throws<ConfigException>(() => UpsConfReader.Parse(text, "ups.conf"));

        Assert.That(ex.Line, Is.EqualTo(line));
        Assert.That(ex.File, Is.EqualTo("ups.conf"));
        Assert.That(ex.Problem, Does.Contain(mentioned));
    }

    [Test]
    public void A_continued_line_is_one_line_and_errors_name_where_it_started()
    {
        var conf = UpsConfReader.Parse("[ups]\ndriver = dummy\\\n-ups\nport = p\\\n1\n", "ups.conf");
        Assert.That(conf.Devices[0].Driver, Is.EqualTo("dummy-ups"));
        Assert.That(conf.Devices[0].Port, Is.EqualTo("p1"));

        var ex = Assert.Throws<ConfigException>(() => UpsConfReader.Parse("[ups]\ndriver\\\n =\n", "ups.conf"));
        Assert.That(ex.Line, Is.EqualTo(2));
    }

    [Test]
    public void Errors_after_a_continued_line_name_the_right_physical_line()
    {
        var ex = Assert.Throws<ConfigException>(() =>
            UpsConfReader.Parse("[ups]\ndesc = \"one \\\ntwo\"\ndriver = d\nport =\n", "ups.conf"));

        Assert.That(ex.Line, Is.EqualTo(5));
    }

    [Test]
    public void The_last_line_needs_no_newline()
    {
        var conf = UpsConfReader.Parse("[ups]\ndriver = d\nport = p", "ups.conf");

        Assert.That(conf.Devices.Single().Port, Is.EqualTo("p"));
    }

    [Test]
    public void Cr_lf_files_read_like_lf_files()
    {
        var conf = UpsConfReader.Parse("maxretry = 3\r\n[ups]\r\n\tdriver = d\r\n\tport = p\r\n\tdesc = \"x y\"\r\n", "ups.conf");

        var ups = conf.Devices.Single();
        Assert.That(ups.Driver, Is.EqualTo("d"));
        Assert.That(ups.Port, Is.EqualTo("p"));
        Assert.That(ups.Description, Is.EqualTo("x y"));
        Assert.That(ups.Line, Is.EqualTo(2));
    }

    [Test]
    public void Comments_and_blank_lines_are_ignored()
    {
        var conf = UpsConfReader.Parse("# header\n\n[ups] # the only one\n  driver = d # inline\n\n  port = p\n", "ups.conf");

        Assert.That(conf.Devices.Single().Options.Count, Is.EqualTo(2));
        Assert.That(conf.Warnings, Is.Empty);
    }

    [Test]
    public void Read_names_the_file_it_read()
    {
        string dir = Directory.CreateTempSubdirectory("nutsharp-config-").FullName;
        try
        {
            string path = Path.Combine(dir, "ups.conf");
            File.WriteAllText(path, SpecConfiguration.UpsConf);
            Assert.That(UpsConfReader.Read(path).Devices, Has.Count.EqualTo(3));

            File.WriteAllText(path, "[ups]\nport =\n");
            var ex = Assert.Throws<ConfigException>(() => UpsConfReader.Read(path));
            Assert.That(ex.File, Is.EqualTo(path));
            Assert.That(ex.Line, Is.EqualTo(2));

            var missing = Assert.Throws<ConfigException>(() => UpsConfReader.Read(Path.Combine(dir, "absent.conf")));
            Assert.That(missing.File, Does.EndWith("absent.conf"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
