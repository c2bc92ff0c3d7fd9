using NutSharp.Config;
using NutSharp.Drivers;
using NutSharp.Drivers.Selection;

namespace NutSharp.Tests.Drivers;

public class DriverSelectionTests
{
    private const string TomlPath = "/etc/nut/nutsharp.toml";

    private static readonly SectionDriver Ups1 = new("ups1", "dummy-ups", HasBuiltIn: true, NutHasDriver: true);
    private static readonly SectionDriver Ups2 = new("ups2", "dummy-ups", HasBuiltIn: true, NutHasDriver: true);
    private static readonly SectionDriver Usb = new("usb", "usbhid-ups", HasBuiltIn: false, NutHasDriver: true);
    private static readonly SectionDriver Relay = new("relay", "dummy-ups", HasBuiltIn: false, NutHasDriver: true, "dummy-ups in repeater mode");

    // Built-in drivers NutSharp is to gain: one NUT does not have, one NUT has.
    private static readonly SectionDriver Meter = new("meter", "teleinfo", HasBuiltIn: true, NutHasDriver: false);
    private static readonly SectionDriver OwnUsb = new("ownusb", "usbhid-ups", HasBuiltIn: true, NutHasDriver: true);

    private static DriverOverrides CommandLine(string? builtIn = null, string? external = null, string? externalDummyUps = null)
    {
        var overrides = new DriverOverrides(DriverOverrides.CommandLine);
        overrides.Add(ServedBy.BuiltIn, builtIn, "--builtin");
        overrides.Add(ServedBy.External, external, "--external");
        overrides.Add(ServedBy.External, externalDummyUps, "--external-dummy-ups", onlyDriver: "dummy-ups");
        return overrides;
    }

    private static DriverOverrides Environment(string? builtIn = null, string? external = null)
    {
        var overrides = new DriverOverrides(DriverOverrides.Environment);
        overrides.Add(ServedBy.BuiltIn, builtIn, "NUTSHARP_BUILTIN");
        overrides.Add(ServedBy.External, external, "NUTSHARP_EXTERNAL");
        return overrides;
    }

    private static DriverOverrides Toml(string text) =>
        DriverOverrides.FromSettings(NutSharpSettingsReader.Parse(text, TomlPath));

    private static DriverSelectionResult Decide(IReadOnlyList<SectionDriver> sections, params DriverOverrides[] sources) =>
        DriverSelection.Decide(sections, sources);

    private static string Decision(SectionDriver section, params DriverOverrides[] sources) =>
        Decide([section], sources).Decisions[section.Name].ToString();

    private static string Refusal(IReadOnlyList<SectionDriver> sections, params DriverOverrides[] sources) =>
        Assert.Throws<DriverSelectionException>(() => Decide(sections, sources))!.Message;

    // ------------------------------------------------------------------ defaults

    [Test]
    public void Dummy_ups_is_built_in_by_default()
    {
        Assert.That(Decision(Ups1), Is.EqualTo("built-in (default for dummy-ups)"));
    }

    [Test]
    public void A_driver_without_a_built_in_is_left_to_nut()
    {
        Assert.That(Decision(Usb), Is.EqualTo("external (NutSharp has no built-in usbhid-ups)"));
        Assert.That(Decision(Relay), Is.EqualTo("external (NutSharp has no built-in dummy-ups in repeater mode)"));
    }

    [Test]
    public void A_built_in_driver_nut_also_has_is_left_to_nut_by_default()
    {
        Assert.That(Decision(OwnUsb), Is.EqualTo("external (default for usbhid-ups, which NUT has)"));
    }

    [Test]
    public void A_built_in_driver_nut_does_not_have_is_built_in_by_default()
    {
        Assert.That(Decision(Meter), Is.EqualTo("built-in (default for teleinfo, which NUT does not have)"));
    }

    [Test]
    public void Empty_sources_change_nothing()
    {
        var result = Decide([Ups1, Usb], CommandLine(), Environment(), Toml(""));

        Assert.That(result.Decisions["ups1"].ServedBy, Is.EqualTo(ServedBy.BuiltIn));
        Assert.That(result.Decisions["usb"].ServedBy, Is.EqualTo(ServedBy.External));
        Assert.That(result.Warnings, Is.Empty);
    }

    // ------------------------------------------------------------------ one source

    [Test]
    public void A_named_section_goes_where_it_is_named()
    {
        Assert.That(Decision(Ups1, CommandLine(external: "ups1")), Is.EqualTo("external (--external)"));
        Assert.That(Decision(OwnUsb, CommandLine(builtIn: "ownusb")), Is.EqualTo("built-in (--builtin)"));
        Assert.That(Decision(Meter, Environment(external: "meter")), Is.EqualTo("external (NUTSHARP_EXTERNAL)"));
        Assert.That(Decision(Ups1, Toml("[drivers]\nexternal = [\"ups1\"]\n")), Is.EqualTo("external (nutsharp.toml external)"));
    }

    [Test]
    public void Lists_are_comma_separated_with_spaces_allowed()
    {
        var result = Decide([Ups1, Ups2, Usb], Environment(external: " ups1 , ups2,"));

        Assert.That(result.Decisions["ups1"].ServedBy, Is.EqualTo(ServedBy.External));
        Assert.That(result.Decisions["ups2"].ServedBy, Is.EqualTo(ServedBy.External));
        Assert.That(result.Warnings, Is.Empty);
    }

    [Test]
    public void Section_names_match_ignoring_case_as_upsd_matches_ups_names()
    {
        Assert.That(Decision(Ups1, CommandLine(external: "UPS1")), Is.EqualTo("external (--external)"));
        Assert.That(Decide([Ups1], CommandLine(external: "UPS1")).Warnings, Is.Empty);
    }

    [Test]
    public void External_star_takes_every_section_nut_has_a_driver_for()
    {
        var result = Decide([Ups1, OwnUsb, Usb], CommandLine(external: "*"));

        Assert.That(result.Decisions.Values.Select(d => d.ToString()), Is.EqualTo(new[] { "external (--external *)", "external (--external *)", "external (--external *)" }));
    }

    [Test]
    public void External_star_leaves_a_driver_only_nutsharp_has_built_in()
    {
        Assert.That(Decision(Meter, CommandLine(external: "*")), Is.EqualTo("built-in (default for teleinfo, which NUT does not have)"));
    }

    [Test]
    public void Builtin_star_takes_every_section_with_a_built_in_driver_and_leaves_the_rest_external()
    {
        var result = Decide([OwnUsb, Usb, Relay], Toml("[drivers]\nbuiltin = [\"*\"]\n"));

        Assert.That(result.Decisions["ownusb"].ToString(), Is.EqualTo("built-in (nutsharp.toml builtin *)"));
        Assert.That(result.Decisions["usb"].ToString(), Is.EqualTo("external (NutSharp has no built-in usbhid-ups)"));
        Assert.That(result.Decisions["relay"].ToString(), Is.EqualTo("external (NutSharp has no built-in dummy-ups in repeater mode)"));
    }

    [Test]
    public void A_section_name_beats_star_within_one_source()
    {
        var result = Decide([Ups1, Ups2], Toml("[drivers]\nexternal = [\"*\"]\nbuiltin = [\"ups2\"]\n"));

        Assert.That(result.Decisions["ups1"].ToString(), Is.EqualTo("external (nutsharp.toml external *)"));
        Assert.That(result.Decisions["ups2"].ToString(), Is.EqualTo("built-in (nutsharp.toml builtin)"));
    }

    [Test]
    public void A_section_name_beats_star_the_other_way_too()
    {
        var result = Decide([Ups1, OwnUsb], CommandLine(builtIn: "*", external: "ups1"));

        Assert.That(result.Decisions["ups1"].ToString(), Is.EqualTo("external (--external)"));
        Assert.That(result.Decisions["ownusb"].ToString(), Is.EqualTo("built-in (--builtin *)"));
    }

    // ------------------------------------------------------------------ precedence between sources

    [Test]
    public void The_command_line_beats_the_environment()
    {
        Assert.That(Decision(Ups1, CommandLine(builtIn: "ups1"), Environment(external: "ups1")), Is.EqualTo("built-in (--builtin)"));
    }

    [Test]
    public void The_environment_beats_nutsharp_toml()
    {
        Assert.That(Decision(Ups1, CommandLine(), Environment(builtIn: "ups1"), Toml("[drivers]\nexternal = [\"ups1\"]\n")),
            Is.EqualTo("built-in (NUTSHARP_BUILTIN)"));
    }

    [Test]
    public void The_command_line_beats_nutsharp_toml()
    {
        Assert.That(Decision(Ups1, CommandLine(external: "ups1"), Environment(), Toml("[drivers]\nbuiltin = [\"ups1\"]\n")),
            Is.EqualTo("external (--external)"));
    }

    [Test]
    public void A_star_of_a_higher_source_beats_a_name_in_a_lower_one()
    {
        Assert.That(Decision(Ups1, CommandLine(external: "*"), Environment(builtIn: "ups1")), Is.EqualTo("external (--external *)"));
    }

    [Test]
    public void A_source_that_does_not_speak_about_a_section_leaves_it_to_the_next()
    {
        var result = Decide([Ups1, Ups2], CommandLine(external: "ups1"), Environment(), Toml("[drivers]\nexternal = [\"ups2\"]\n"));

        Assert.That(result.Decisions["ups1"].ToString(), Is.EqualTo("external (--external)"));
        Assert.That(result.Decisions["ups2"].ToString(), Is.EqualTo("external (nutsharp.toml external)"));
    }

    [Test]
    public void A_builtin_star_that_cannot_apply_lets_a_lower_source_decide()
    {
        // --builtin * does not take a section without a built-in driver, so it is as if unsaid for it.
        Assert.That(Decision(Usb, CommandLine(builtIn: "*"), Environment(external: "usb")), Is.EqualTo("external (NUTSHARP_EXTERNAL)"));
    }

    // ------------------------------------------------------------------ errors

    [Test]
    public void A_section_in_both_lists_of_the_command_line_is_refused()
    {
        Assert.That(Refusal([Ups1], CommandLine(builtIn: "ups1", external: "UPS1")),
            Is.EqualTo("the command line: [ups1] is named in both --builtin and --external"));
    }

    [Test]
    public void A_section_in_both_lists_of_the_environment_is_refused()
    {
        Assert.That(Refusal([Ups1], Environment(builtIn: "ups1", external: "ups1")),
            Is.EqualTo("the environment: [ups1] is named in both NUTSHARP_BUILTIN and NUTSHARP_EXTERNAL"));
    }

    [Test]
    public void A_section_in_both_lists_of_nutsharp_toml_is_refused_at_its_position()
    {
        Assert.That(Refusal([Ups1], Toml("[drivers]\nbuiltin = [\"ups1\"]\nexternal = [\"ups1\"]\n")),
            Is.EqualTo($"{TomlPath}:3:13: [ups1] is named in both nutsharp.toml builtin and nutsharp.toml external"));
    }

    [Test]
    public void A_contradiction_in_a_lower_source_is_refused_even_when_a_higher_one_decides()
    {
        Assert.That(Refusal([Ups1], CommandLine(external: "ups1"), Environment(builtIn: "ups1", external: "ups1")),
            Does.StartWith("the environment: [ups1] is named in both"));
    }

    [Test]
    public void Star_in_both_lists_of_one_source_is_refused()
    {
        Assert.That(Refusal([Usb], Environment(builtIn: "*", external: "*")),
            Is.EqualTo("the environment: '*' is in both NUTSHARP_BUILTIN and NUTSHARP_EXTERNAL"));
    }

    [Test]
    public void Star_in_one_list_and_a_name_in_the_other_is_not_a_contradiction()
    {
        Assert.DoesNotThrow(() => Decide([Ups1, Ups2], CommandLine(builtIn: "*", external: "ups1")));
    }

    [Test]
    public void Builtin_for_a_section_nutsharp_has_no_driver_for_is_refused_naming_section_and_driver()
    {
        Assert.That(Refusal([Usb], CommandLine(builtIn: "usb")),
            Is.EqualTo("--builtin: [usb] uses usbhid-ups, which NutSharp has no built-in driver for; only NUT's driver process can serve it"));
        Assert.That(Refusal([Relay], Toml("[drivers]\nbuiltin = [\"relay\"]\n")),
            Is.EqualTo($"{TomlPath}:2:12: [relay] uses dummy-ups in repeater mode, which NutSharp has no built-in driver for; only NUT's driver process can serve it"));
    }

    [Test]
    public void Builtin_for_a_section_without_a_built_in_is_refused_even_when_a_higher_source_decides()
    {
        Assert.That(Refusal([Usb], CommandLine(external: "usb"), Environment(builtIn: "usb")), Does.StartWith("NUTSHARP_BUILTIN: [usb] uses usbhid-ups"));
    }

    // ------------------------------------------------------------------ warnings

    [Test]
    public void Names_that_match_no_section_are_warnings_saying_where_they_were_given()
    {
        var result = Decide([Ups1], CommandLine(external: "ups9"), Environment(builtIn: "ghost"), Toml("[drivers]\nbuiltin = [\"ups1\", \"nope\"]\n"));

        Assert.That(result.Warnings, Is.EqualTo(new[]
        {
            "--external: no section [ups9] in ups.conf",
            "NUTSHARP_BUILTIN: no section [ghost] in ups.conf",
            $"{TomlPath}:2:20: no section [nope] in ups.conf",
        }));
        Assert.That(result.Decisions["ups1"].ToString(), Is.EqualTo("built-in (nutsharp.toml builtin)"));
    }

    [Test]
    public void A_star_matching_no_section_is_no_warning()
    {
        Assert.That(Decide([], CommandLine(external: "*")).Warnings, Is.Empty);
    }

    // ------------------------------------------------------------------ the --external-dummy-ups alias

    [Test]
    public void External_dummy_ups_sends_a_named_dummy_ups_section_to_nut()
    {
        Assert.That(Decision(Ups1, CommandLine(externalDummyUps: "ups1")), Is.EqualTo("external (--external-dummy-ups)"));
    }

    [Test]
    public void External_dummy_ups_star_takes_only_dummy_ups_sections()
    {
        var result = Decide([Ups1, Meter, OwnUsb], CommandLine(externalDummyUps: "*"));

        Assert.That(result.Decisions["ups1"].ToString(), Is.EqualTo("external (--external-dummy-ups *)"));
        Assert.That(result.Decisions["meter"].ToString(), Is.EqualTo("built-in (default for teleinfo, which NUT does not have)"));
        Assert.That(result.Decisions["ownusb"].ToString(), Is.EqualTo("external (default for usbhid-ups, which NUT has)"));
    }

    [Test]
    public void External_dummy_ups_does_not_touch_a_section_of_another_driver()
    {
        var result = Decide([Meter], CommandLine(externalDummyUps: "meter"));

        Assert.That(result.Decisions["meter"].ServedBy, Is.EqualTo(ServedBy.BuiltIn));
        Assert.That(result.Warnings, Is.Empty);
    }

    [Test]
    public void External_dummy_ups_and_builtin_for_the_same_section_are_refused()
    {
        Assert.That(Refusal([Ups1], CommandLine(builtIn: "ups1", externalDummyUps: "ups1")),
            Is.EqualTo("the command line: [ups1] is named in both --builtin and --external-dummy-ups"));
    }

    [Test]
    public void External_dummy_ups_star_and_builtin_star_are_refused_for_a_dummy_ups_section()
    {
        Assert.That(Refusal([Ups1], CommandLine(builtIn: "*", externalDummyUps: "*")),
            Is.EqualTo("the command line: [ups1] is taken by both --builtin * and --external-dummy-ups *"));
    }

    // ------------------------------------------------------------------ what DriverFactory tells the rule

    [Test]
    public void Driver_factory_describes_dummy_ups_as_built_in_except_in_repeater_mode()
    {
        var conf = UpsConfReader.Parse("""
            [sim]
            driver = dummy-ups
            port = sim.dev
            [relay]
            driver = dummy-ups
            port = ups@otherhost
            [forced]
            driver = dummy-ups
            port = sim.dev
            mode = repeater
            [usb]
            driver = usbhid-ups
            port = auto
            [own]
            driver = my-own-driver
            port = none
            """, "ups.conf");

        var described = conf.Devices.Select(DriverFactory.Describe).ToList();

        Assert.That(described.Select(d => (d.Name, d.HasBuiltIn, d.NutHasDriver, d.DescribeDriver)), Is.EqualTo(new[]
        {
            ("sim", true, true, "dummy-ups"),
            ("relay", false, true, "dummy-ups in repeater mode"),
            ("forced", false, true, "dummy-ups in repeater mode"),
            ("usb", false, true, "usbhid-ups for a UPS other than Tripp Lite (vendorid 09ae)"),
            ("own", false, false, "my-own-driver"),
        }));
    }
}
