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
    public void Only_the_first_word_after_equals_is_the_value_as_in_upsd()
    {
        var conf = UpsConfReader.Parse("[ups]\ndriver = d\nport = p\ndesc = Rack   4   UPS\n", "ups.conf");

        Assert.That(conf.Devices[0].Description, Is.EqualTo("Rack"));
        Assert.That(conf.Devices[0].Option("desc"), Is.EqualTo("Rack"));
        Assert.That(conf.Warnings.Single().Line, Is.EqualTo(4));
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
    public void Of_two_sections_differing_only_in_case_the_later_one_is_kept_as_in_upsd()
    {
        var conf = UpsConfReader.Parse("""
            [ups]
            driver = d
            port = p

            [other]
            driver = d
            port = o

            [UPS]
            driver = d
            port = q
            """, "/etc/nut/ups.conf");

        Assert.That(conf.Devices.Select(d => d.Name), Is.EqualTo(new[] { "other", "UPS" }));
        var warning = conf.Warnings.Single();
        Assert.That(warning.ToString(), Does.StartWith("/etc/nut/ups.conf:1: ").And.Contain("[ups]").And.Contain("[UPS]"));
    }

    [Test]
    public void An_incomplete_section_does_not_take_the_name_from_a_complete_one()
    {
        var conf = UpsConfReader.Parse("[ups]\ndriver = d\nport = p\n[UPS]\ndriver = d\n", "ups.conf");

        Assert.That(conf.Devices.Single().Name, Is.EqualTo("ups"));
        Assert.That(conf.Warnings.Single().Line, Is.EqualTo(4));
    }

    [Test]
    public void A_repeated_section_adds_to_the_first_with_a_warning()
    {
        var conf = UpsConfReader.Parse("[ups]\ndriver = d\n[other]\ndriver = x\nport = y\n[ups]\nport = p\n", "ups.conf");

        Assert.That(conf.Devices.Select(d => d.Name), Is.EqualTo(new[] { "ups", "other" }));
        Assert.That(conf.Devices[0].Port, Is.EqualTo("p"));
        Assert.That(conf.Warnings, Is.Empty, "upsd merges a repeated section without a word, and it is legal");
    }

    [TestCase("[ups]\ndriver = d\nport = p\nport =\n", 4)]
    [TestCase("[ups]\ndriver = d\nport = p\n= value\n", 4)]
    [TestCase("[ups]\ndriver = d\nport = p\ndesc \"no equals\"\n", 4)]
    [TestCase("[ups]\ndriver = d\nport = p\n[ups 2]\n", 4)]
    [TestCase("[ups]\ndriver = d\nport = p\n\ndesc = \"bad # here\"\n", 5)]
    public void Lines_upsd_skips_are_warnings_naming_the_line(string text, int line)
    {
        var conf = UpsConfReader.Parse(text, "ups.conf");

        var device = conf.Devices.Single();
        Assert.That(device.Port, Is.EqualTo("p"));
        Assert.That(device.Description, Is.Null);
        Assert.That(conf.Warnings.Select(w => w.Line), Has.Member(line));
        Assert.That(conf.Warnings.Select(w => w.File), Is.All.EqualTo("ups.conf"));
    }

    [Test]
    public void A_section_name_with_a_space_is_no_header_so_its_lines_go_to_the_section_before()
    {
        var conf = UpsConfReader.Parse("[ups1]\ndriver = d\nport = p1\n[ups 2]\nport = p2\n", "ups.conf");

        Assert.That(conf.Devices.Single().Name, Is.EqualTo("ups1"));
        Assert.That(conf.Devices.Single().Port, Is.EqualTo("p2"));
    }

    [Test]
    public void An_empty_section_name_is_a_ups_named_by_the_empty_string_as_in_upsd()
    {
        var conf = UpsConfReader.Parse("[]\ndriver = d\nport = p\n", "ups.conf");

        Assert.That(conf.Devices.Single().Name, Is.EqualTo(""));
    }

    [TestCase("driver")]
    [TestCase("port")]
    [TestCase("desc")]
    public void A_bare_driver_port_or_desc_flag_in_a_section_is_refused_as_upsd_crashes_on_it(string flag)
    {
        var ex = Assert.Throws<ConfigException>(() => UpsConfReader.Parse($"[ups]\ndriver = d\nport = p\n{flag}\n", "ups.conf"));

        Assert.That(ex.Line, Is.EqualTo(4));
        Assert.That(ex.Problem, Does.Contain(flag));
        Assert.That(UpsConfReader.Parse($"{flag}\n[ups]\ndriver = d\nport = p\n", "ups.conf").Devices, Has.Count.EqualTo(1),
            "outside a section upsd never looks at it");
    }

    [Test]
    public void What_follows_a_quoted_hash_is_read_as_a_line_of_its_own()
    {
        var conf = UpsConfReader.Parse("[ups]\ndriver = d\ndesc = \"first # port = p\n", "ups.conf");

        Assert.That(conf.Devices.Single().Port, Is.EqualTo("p"));
        Assert.That(conf.Devices.Single().Description, Is.Null);
    }

    [Test]
    public void A_single_word_last_line_without_newline_is_lost_as_in_upsd()
    {
        var conf = UpsConfReader.Parse("[ups]\ndriver = d\nport = p\nnolock", "ups.conf");

        Assert.That(conf.Devices.Single().HasFlag("nolock"), Is.False);
        Assert.That(conf.Warnings.Single().Line, Is.EqualTo(4));
        Assert.That(UpsConfReader.Parse("[ups]\ndriver = d\nport = p\nnolock\n", "ups.conf").Devices.Single().HasFlag("nolock"), Is.True);
    }

    [Test]
    public void Warnings_never_echo_a_value()
    {
        var conf = UpsConfReader.Parse("[ups]\ndriver = d\nport = p\nauthPassword s3cret\nprivPassword = s3cret more\n", "ups.conf");

        Assert.That(conf.Warnings, Has.Count.EqualTo(2));
        Assert.That(conf.Warnings.Select(w => w.ToString()), Has.None.Contain("s3cret"));
    }

    [Test]
    public void A_continued_line_is_one_line_and_warnings_name_where_it_started()
    {
        var conf = UpsConfReader.Parse("[ups]\ndriver = dummy\\\n-ups\nport = p\\\n1\n", "ups.conf");
        Assert.That(conf.Devices[0].Driver, Is.EqualTo("dummy-ups"));
        Assert.That(conf.Devices[0].Port, Is.EqualTo("p1"));

        var skipped = UpsConfReader.Parse("[ups]\ndriver = d\nport = p\nmode\\\n =\n", "ups.conf");
        Assert.That(skipped.Warnings.Single().Line, Is.EqualTo(4));
    }

    [Test]
    public void Warnings_after_a_continued_line_name_the_right_physical_line()
    {
        var conf = UpsConfReader.Parse("[ups]\ndesc = \"one \\\ntwo\"\ndriver = d\nport = p\nmode =\n", "ups.conf");

        Assert.That(conf.Warnings.Single().Line, Is.EqualTo(6));
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
            var warnings = UpsConfReader.Read(path).Warnings;
            Assert.That(warnings.Select(w => w.File), Is.All.EqualTo(path));
            Assert.That(warnings.Select(w => w.Line), Is.EqualTo(new[] { 1, 2 }), "the incomplete [ups], then 'port =' without a value");

            var missing = Assert.Throws<ConfigException>(() => UpsConfReader.Read(Path.Combine(dir, "absent.conf")));
            Assert.That(missing.File, Does.EndWith("absent.conf"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
