using System.Text;
using NutSharp.Config;

namespace NutSharp.Tests.Config;

public class NutSharpSettingsReaderTests
{
    private const string File = "/etc/nut/nutsharp.toml";

    private static NutSharpSettings Parse(string text) => NutSharpSettingsReader.Parse(text, File);

    private static ConfigException Fails(string text) => Assert.Throws<ConfigException>(() => Parse(text))!;

    private static void AssertError(string text, int line, int column, string problem)
    {
        var ex = Fails(text);
        Assert.That(ex.Message, Is.EqualTo($"{File}:{line}:{column}: {problem}"));
        Assert.That((ex.File, ex.Line, ex.Column), Is.EqualTo((File, line, column)));
    }

    private static string[] Names(IEnumerable<SectionReference> names) => [.. names.Select(n => n.Name)];

    [Test]
    public void Both_lists_are_read_with_the_position_of_every_name()
    {
        var settings = Parse("""
            # NutSharp's own settings
            [drivers]
            builtin = ["ups1", "ups2"]   # served in process
            external = ["ups3"]
            """);

        Assert.That(settings.Path, Is.EqualTo(File));
        Assert.That(settings.Drivers.BuiltIn, Is.EqualTo(new[] { new SectionReference("ups1", 3, 12), new SectionReference("ups2", 3, 20) }));
        Assert.That(settings.Drivers.External, Is.EqualTo(new[] { new SectionReference("ups3", 4, 13) }));
    }

    [Test]
    public void An_empty_file_gives_every_default()
    {
        var settings = Parse("");

        Assert.That(settings.Path, Is.EqualTo(File));
        Assert.That(settings.Drivers.BuiltIn, Is.Empty);
        Assert.That(settings.Drivers.External, Is.Empty);
    }

    [Test]
    public void A_file_of_comments_and_an_empty_table_gives_every_default()
    {
        var settings = Parse("# nothing yet\n\n[drivers]\n# builtin = [\"ups1\"]\n");

        Assert.That(settings.Drivers.BuiltIn, Is.Empty);
        Assert.That(settings.Drivers.External, Is.Empty);
    }

    [Test]
    public void A_missing_file_gives_every_default()
    {
        string dir = Directory.CreateTempSubdirectory("nutsharp-toml-").FullName;
        try
        {
            var settings = NutSharpSettingsReader.Load(dir);

            Assert.That(settings.Path, Is.Null);
            Assert.That(settings.Drivers.BuiltIn, Is.Empty);
            Assert.That(settings.Drivers.External, Is.Empty);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Load_reads_nutsharp_toml_of_the_configuration_directory_and_names_it_in_errors()
    {
        string dir = Directory.CreateTempSubdirectory("nutsharp-toml-").FullName;
        try
        {
            string path = Path.Combine(dir, "nutsharp.toml");
            System.IO.File.WriteAllText(path, "[drivers]\nexternal = [\"*\"]\n");
            var settings = NutSharpSettingsReader.Load(dir);
            Assert.That(settings.Path, Is.EqualTo(path));
            Assert.That(Names(settings.Drivers.External), Is.EqualTo(new[] { "*" }));

            System.IO.File.WriteAllText(path, "[drivers]\nexternal = \"*\"\n");
            var ex = Assert.Throws<ConfigException>(() => NutSharpSettingsReader.Load(dir));
            Assert.That(ex.Message, Does.StartWith($"{path}:2:12: "));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void A_directory_in_place_of_the_file_is_an_error_not_the_defaults()
    {
        string dir = Directory.CreateTempSubdirectory("nutsharp-toml-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "nutsharp.toml"));
            var ex = Assert.Throws<ConfigException>(() => NutSharpSettingsReader.Load(dir));
            Assert.That(ex.Message, Does.StartWith(Path.Combine(dir, "nutsharp.toml") + ": cannot read the file"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void A_byte_order_mark_is_skipped()
    {
        string dir = Directory.CreateTempSubdirectory("nutsharp-toml-").FullName;
        try
        {
            System.IO.File.WriteAllText(Path.Combine(dir, "nutsharp.toml"), "[drivers]\nbuiltin = [\"ups1\"]\n", new UTF8Encoding(true));
            Assert.That(Names(NutSharpSettingsReader.Load(dir).Drivers.BuiltIn), Is.EqualTo(new[] { "ups1" }));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Bytes_that_are_not_utf8_are_refused_with_their_line()
    {
        string dir = Directory.CreateTempSubdirectory("nutsharp-toml-").FullName;
        try
        {
            string path = Path.Combine(dir, "nutsharp.toml");
            System.IO.File.WriteAllBytes(path, [.. "[drivers]\nbuiltin = [\""u8, 0xE9, .. "\"]\n"u8]);
            var ex = Assert.Throws<ConfigException>(() => NutSharpSettingsReader.Load(dir));
            Assert.That(ex.Message, Is.EqualTo($"{path}:2: not valid UTF-8 (TOML files are UTF-8)"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Every_way_toml_writes_the_same_table_is_accepted()
    {
        string[] spellings =
        [
            "[drivers]\nbuiltin = [\"ups1\"]\nexternal = [\"*\"]\n",
            "drivers.builtin = [\"ups1\"]\ndrivers.external = [\"*\"]\n",
            "drivers = { builtin = [\"ups1\"], external = [\"*\"] }\n",
            "[drivers]\n\"builtin\" = ['ups1']\n'external' = [\n  \"*\",\n]\n",
        ];
        foreach (var text in spellings)
        {
            var settings = Parse(text);
            Assert.That(Names(settings.Drivers.BuiltIn), Is.EqualTo(new[] { "ups1" }), text);
            Assert.That(Names(settings.Drivers.External), Is.EqualTo(new[] { "*" }), text);
        }
    }

    [Test]
    public void Section_names_keep_their_case_and_any_characters()
    {
        var settings = Parse("[drivers]\nbuiltin = [\"UPS-1\", \"rack 4\", \"\\u00e9t\u00e9\"]\n");

        Assert.That(Names(settings.Drivers.BuiltIn), Is.EqualTo(new[] { "UPS-1", "rack 4", "été" }));
    }

    [Test]
    public void A_syntax_error_is_reported_where_tomlyn_finds_it()
    {
        AssertError("[drivers]\nbuiltin = [\"ups1\"\n", 3, 1, "Unexpected token `<eof>` (token: `Eof`). Expecting a closing `]` for an array");
        AssertError("[drivers]\nbuiltin = [\"ups1\"] extra\n", 2, 20, "Unexpected token found `extra` while expecting token `newline`");
    }

    [Test]
    public void A_section_name_without_quotes_is_a_syntax_error()
    {
        var ex = Fails("[drivers]\nbuiltin = [ups1]\n");

        Assert.That((ex.Line, ex.Column), Is.EqualTo((2, 12)));
    }

    [Test]
    public void A_key_given_twice_is_an_error_at_the_second()
    {
        AssertError("[drivers]\nbuiltin = [\"ups1\"]\nbuiltin = [\"ups2\"]\n", 3, 1,
            "duplicate key 'builtin' in [drivers] (first set at line 2, column 1)");
    }

    [Test]
    public void A_key_given_once_dotted_and_once_in_the_table_is_a_duplicate()
    {
        AssertError("drivers.external = [\"ups1\"]\n\n[drivers]\n  external = [\"ups2\"]\n", 4, 3,
            "duplicate key 'external' in [drivers] (first set at line 1, column 9)");
    }

    [Test]
    public void A_table_given_twice_is_an_error_at_the_second()
    {
        AssertError("[drivers]\nbuiltin = [\"ups1\"]\n\n[drivers]\nexternal = [\"ups2\"]\n", 4, 2,
            "duplicate table [drivers] (first at line 1, column 2)");
    }

    [Test]
    public void A_table_redefined_by_a_header_after_dotted_keys_is_refused_by_toml_rules()
    {
        var ex = Fails("drivers.external = [\"ups3\"]\n[drivers]\nbuiltin = [\"ups1\"]\n");

        Assert.That((ex.Line, ex.Column), Is.EqualTo((2, 1)));
        Assert.That(ex.Problem, Does.Contain("already defined"));
    }

    [Test]
    public void An_inline_table_cannot_be_added_to_later()
    {
        var ex = Fails("drivers = { external = [\"ups3\"] }\ndrivers.builtin = [\"ups1\"]\n");

        Assert.That((ex.Line, ex.Column), Is.EqualTo((2, 1)));
        Assert.That(ex.Problem, Does.Contain("already defined"));
    }

    [Test]
    public void An_unknown_table_is_an_error_at_its_name()
    {
        AssertError("[drivers]\nbuiltin = []\n\n[web]\nport = 8080\n", 4, 2, "unknown table [web] (nutsharp.toml has [drivers], [server], [http])");
    }

    [Test]
    public void An_unknown_subtable_is_an_error_at_the_unknown_part()
    {
        AssertError("[drivers.usb]\nbuiltin = []\n", 1, 10, "unknown table [drivers.usb] (nutsharp.toml has [drivers], [server], [http])");
    }

    [Test]
    public void An_array_of_tables_is_an_error()
    {
        AssertError("[[drivers]]\nbuiltin = []\n", 1, 3, "[[drivers]] is an array of tables, which nutsharp.toml does not use (write [drivers])");
    }

    [Test]
    public void An_unknown_top_level_key_is_an_error()
    {
        AssertError("verbose = true\n", 1, 1, "unknown key 'verbose' (nutsharp.toml has [drivers], [server], [http])");
        AssertError("web.port = 8080\n", 1, 1, "unknown table [web] (nutsharp.toml has [drivers], [server], [http])");
    }

    [Test]
    public void An_unknown_key_in_a_known_table_is_an_error_naming_the_keys_it_takes()
    {
        AssertError("[drivers]\nbuiltin = []\n  buitlin = [\"ups1\"]\n", 3, 3, "unknown key 'buitlin' in [drivers] (it takes builtin and external)");
    }

    [Test]
    public void Keys_are_case_sensitive_as_toml_says()
    {
        AssertError("[drivers]\nBuiltin = [\"ups1\"]\n", 2, 1, "unknown key 'Builtin' in [drivers] (it takes builtin and external)");
    }

    [Test]
    public void An_unknown_key_in_an_inline_table_is_an_error_at_that_key()
    {
        AssertError("drivers = { builtin = [], extra = 1 }\n", 1, 27, "unknown key 'extra' in [drivers] (it takes builtin and external)");
    }

    [Test]
    public void A_list_key_used_as_a_table_is_an_error()
    {
        AssertError("drivers.builtin.usb = [\"ups1\"]\n", 1, 17, "'builtin' in [drivers] is a value, not a table");
    }

    [Test]
    public void A_single_string_instead_of_a_list_is_an_error_at_the_value()
    {
        AssertError("[drivers]\nbuiltin = \"ups1\"\n", 2, 11,
            "'builtin' takes a list of section names, e.g. builtin = [\"ups1\", \"ups2\"] or [\"*\"]; found a string");
    }

    [Test]
    public void Values_of_other_types_are_errors_naming_what_was_found()
    {
        AssertError("[drivers]\nexternal = true\n", 2, 12,
            "'external' takes a list of section names, e.g. external = [\"ups1\", \"ups2\"] or [\"*\"]; found a boolean");
        AssertError("[drivers]\nexternal = { ups1 = true }\n", 2, 12,
            "'external' takes a list of section names, e.g. external = [\"ups1\", \"ups2\"] or [\"*\"]; found a table");
        AssertError("[drivers]\nexternal = 1979-05-27\n", 2, 12,
            "'external' takes a list of section names, e.g. external = [\"ups1\", \"ups2\"] or [\"*\"]; found a date");
    }

    [Test]
    public void A_list_element_that_is_not_a_string_is_an_error_at_that_element()
    {
        AssertError("[drivers]\nbuiltin = [\"ups1\", 2]\n", 2, 20, "'builtin' takes section names in quotes, e.g. \"ups1\"; found an integer");
        AssertError("[drivers]\nbuiltin = [[\"ups1\"]]\n", 2, 12, "'builtin' takes section names in quotes, e.g. \"ups1\"; found a list");
        AssertError("[drivers]\nbuiltin = [1.5]\n", 2, 12, "'builtin' takes section names in quotes, e.g. \"ups1\"; found a number");
    }

    [Test]
    public void An_empty_section_name_is_an_error()
    {
        AssertError("[drivers]\nexternal = [\"ups1\", \"\"]\n", 2, 21, "'external' holds an empty section name");
    }

    [Test]
    public void A_table_key_given_a_plain_value_is_an_error()
    {
        AssertError("drivers = \"all\"\n", 1, 11, "'drivers' is a table: write [drivers] and its keys on the lines below it; found a string");
    }

    [Test]
    public void Columns_count_characters_and_tabs_count_one()
    {
        AssertError("[drivers]\n\tbuiltin = [\"été\", 5]\n", 2, 20, "'builtin' takes section names in quotes, e.g. \"ups1\"; found an integer");
    }

    [Test]
    public void The_output_budget_is_read_in_megabytes_and_defaults_to_none()
    {
        Assert.That(Parse("[server]\noutput_budget_mb = 8\n").Server.OutputBudgetMegabytes, Is.EqualTo(8));
        Assert.That(Parse("server.output_budget_mb = 0\n").Server.OutputBudgetMegabytes, Is.Zero, "0: as upsd, no reply held");
        Assert.That(Parse("[drivers]\n").Server.OutputBudgetMegabytes, Is.Null);
    }

    [TestCase("[server]\noutput_budget_mb = \"8\"\n", 2, 20, "'output_budget_mb' takes a whole number of megabytes, e.g. output_budget_mb = 32; found a string")]
    [TestCase("[server]\noutput_budget_mb = 1.5\n", 2, 20, "'output_budget_mb' takes a whole number of megabytes, e.g. output_budget_mb = 32; found a number")]
    [TestCase("[server]\noutput_budget_mb = -1\n", 2, 20, "'output_budget_mb' must be from 0 to 1000000 (megabytes); found -1")]
    [TestCase("[server]\noutput_budget_mb = 1000001\n", 2, 20, "'output_budget_mb' must be from 0 to 1000000 (megabytes); found 1000001")]
    [TestCase("[server]\nbudget = 8\n", 2, 1, "unknown key 'budget' in [server] (it takes output_budget_mb)")]
    public void A_wrong_output_budget_is_an_error_at_the_value(string text, int line, int column, string problem) =>
        AssertError(text, line, column, problem);
}
