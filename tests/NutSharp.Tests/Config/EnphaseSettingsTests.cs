using NutSharp.Config;

namespace NutSharp.Tests.Config;

/// <summary>nutsharp.toml's <c>[enphase]</c> table: the pollers the server runs, each named by the section it feeds.</summary>
public class EnphaseSettingsTests
{
    private const string File = "/etc/nut/nutsharp.toml";

    private static void AssertError(string text, int line, int column, string problem)
    {
        var ex = Assert.Throws<ConfigException>(() => NutSharpSettingsReader.Parse(text, File))!;
        Assert.That(ex.Message, Is.EqualTo($"{File}:{line}:{column}: {problem}"));
    }

    [Test]
    public void Monitors_are_read_with_their_section_config_and_position()
    {
        var settings = NutSharpSettingsReader.Parse("""
            [enphase]
            monitors = [{ section = "gw" }, { section = "gw2", config = "/etc/nut/other.conf" }]
            """, File);

        Assert.That(settings.Enphase.Monitors, Is.EqualTo(new[]
        {
            new EnphaseMonitorSetting("gw", null, 2, 13),
            new EnphaseMonitorSetting("gw2", "/etc/nut/other.conf", 2, 33),
        }));
    }

    [Test]
    public void Without_the_table_no_monitor_runs() =>
        Assert.That(NutSharpSettingsReader.Parse("[drivers]\nbuiltin = []\n", File).Enphase.Monitors, Is.Empty);

    [Test]
    public void A_monitor_without_a_section_is_refused() =>
        AssertError("[enphase]\nmonitors = [{ config = \"a.conf\" }]\n", 2, 13, "a monitor of 'monitors' needs the section it feeds: { section = \"gw\" }");

    [Test]
    public void An_unknown_key_in_a_monitor_is_refused() =>
        AssertError("[enphase]\nmonitors = [{ section = \"gw\", pollfreq = 5 }]\n", 2, 31, "unknown key 'pollfreq' in a monitor of 'monitors' (it takes section and config)");

    [Test]
    public void A_section_with_two_monitors_is_refused() =>
        AssertError("[enphase]\nmonitors = [{ section = \"gw\" }, { section = \"gw\" }]\n", 2, 33, "section 'gw' has two monitors in 'monitors'");

    [Test]
    public void A_list_of_names_instead_of_monitors_is_refused() =>
        AssertError("[enphase]\nmonitors = [\"gw\"]\n", 2, 13,
            "'monitors' takes monitors written { section = ..., config = ... }, e.g. monitors = [{ section = \"gw\", config = \"enphase-gw.conf\" }]; found a string");
}
