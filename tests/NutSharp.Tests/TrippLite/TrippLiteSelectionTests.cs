using NutSharp.Config;
using NutSharp.Drivers;
using NutSharp.Drivers.Selection;

namespace NutSharp.Tests.TrippLite;

/// <summary>usbhid-ups sections and the rule for built-in versus NUT's driver.</summary>
public class TrippLiteSelectionTests
{
    private static UpsSection Section(string name, params (string Key, string Value)[] options) =>
        new(name, "usbhid-ups", "auto", null, [new("driver", "usbhid-ups"), .. options.Select(o => new KeyValuePair<string, string?>(o.Key, o.Value))], 1);

    [Test]
    public void A_tripp_lite_section_stays_with_nut_unless_the_built_in_driver_is_chosen()
    {
        var tl = Section("tl", ("vendorid", "09AE"));
        Assert.That(DriverFactory.HasBuiltIn(tl), Is.True);
        var byDefault = DriverSelection.Decide([DriverFactory.Describe(tl)], []);
        Assert.That(byDefault.Decisions["tl"].ServedBy, Is.EqualTo(ServedBy.External));
        var chosen = new DriverOverrides(DriverOverrides.CommandLine);
        chosen.Add(ServedBy.BuiltIn, "tl", "--builtin");
        Assert.That(DriverSelection.Decide([DriverFactory.Describe(tl)], [chosen]).Decisions["tl"].ServedBy, Is.EqualTo(ServedBy.BuiltIn));
    }

    [Test]
    public void A_usbhid_ups_section_for_another_vendor_has_no_built_in_driver()
    {
        var apc = Section("apc", ("vendorid", "051d"));
        Assert.That(DriverFactory.HasBuiltIn(apc), Is.False);
        var chosen = new DriverOverrides(DriverOverrides.CommandLine);
        chosen.Add(ServedBy.BuiltIn, "apc", "--builtin");
        var error = Assert.Throws<DriverSelectionException>(() => DriverSelection.Decide([DriverFactory.Describe(apc)], [chosen]));
        Assert.That(error!.Message, Does.Contain("usbhid-ups for a UPS other than Tripp Lite (vendorid 09ae)"));
    }

    [Test]
    public void Builtin_star_takes_the_tripp_lite_section_and_leaves_the_others()
    {
        var sections = new[] { DriverFactory.Describe(Section("tl", ("vendorid", "09ae"))), DriverFactory.Describe(Section("other")) };
        var all = new DriverOverrides(DriverOverrides.CommandLine);
        all.Add(ServedBy.BuiltIn, "*", "--builtin");
        var decisions = DriverSelection.Decide(sections, [all]).Decisions;
        Assert.That((decisions["tl"].ServedBy, decisions["other"].ServedBy), Is.EqualTo((ServedBy.BuiltIn, ServedBy.External)));
    }

    [Test]
    public void A_section_with_a_recording_can_be_served_built_in()
    {
        Assert.That(DriverFactory.HasBuiltIn(Section("rec", ("replay", "/var/lib/nut/ups.json"))), Is.True);
    }
}
