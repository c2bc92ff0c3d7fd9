using NutSharp.Config;
using NutSharp.Testing;

namespace NutSharp.Tests.Config;

public class CmdVarTabTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("nutsharp-cmdvartab-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_dir, recursive: true);

    private const string SmallTable = """
        # descriptions for the test
        VARDESC ups.status "Status of the test UPS"
        VARDESC battery.charge "Test charge"
        CMDDESC load.off "Test load off"
        CMDDESC Beeper.Toggle "Test beeper"
        VARDESC broken "has a # inside quotes"
        VARDESC after.broken "still read"
        VARDESC battery.charge "Later text wins"
        VARDESC short
        SOMETHING else "ignored"
        """;

    [Test]
    public void A_table_in_the_data_path_is_used_and_looked_up_without_case()
    {
        File.WriteAllText(Path.Combine(_dir, "cmdvartab"), SmallTable);

        var table = CmdVarTab.Load(_dir);

        Assert.That(table.Source, Is.EqualTo(Path.Combine(_dir, "cmdvartab")));
        Assert.That(table.VarDescription("ups.status"), Is.EqualTo("Status of the test UPS"));
        Assert.That(table.VarDescription("UPS.STATUS"), Is.EqualTo("Status of the test UPS"));
        Assert.That(table.CommandDescription("beeper.toggle"), Is.EqualTo("Test beeper"));
        Assert.That(table.CommandDescription("LOAD.OFF"), Is.EqualTo("Test load off"));
        Assert.That(table.VarDescription("load.off"), Is.Null, "commands and variables are separate");
        Assert.That(table.VarDescription("input.voltage"), Is.Null, "only the file is used, not the built-in table");
    }

    [Test]
    public void Bad_lines_are_skipped_and_a_later_duplicate_wins()
    {
        var table = CmdVarTab.Parse(SmallTable, "test");

        Assert.That(table.VarDescription("broken"), Is.Null);
        Assert.That(table.VarDescription("after.broken"), Is.EqualTo("still read"));
        Assert.That(table.VarDescription("battery.charge"), Is.EqualTo("Later text wins"));
        Assert.That(table.VarDescription("short"), Is.Null);
        Assert.That(table.VariableCount, Is.EqualTo(3));
        Assert.That(table.CommandCount, Is.EqualTo(2));
    }

    [Test]
    public void The_built_in_table_describes_the_common_names()
    {
        var table = CmdVarTab.BuiltIn();

        Assert.That(table.VariableCount, Is.GreaterThanOrEqualTo(60));
        Assert.That(table.CommandCount, Is.GreaterThanOrEqualTo(25));
        foreach (string name in new[] { "ups.status", "battery.charge", "battery.runtime", "input.voltage", "ups.load",
                     "ups.mfr", "ups.model", "device.mfr", "device.model", "driver.name", "driver.version" })
            Assert.That(table.VarDescription(name), Is.Not.Null.And.Not.Empty, name);
        foreach (string name in new[] { "load.off", "load.on", "shutdown.return", "test.battery.start", "beeper.toggle" })
            Assert.That(table.CommandDescription(name), Is.Not.Null.And.Not.Empty, name);
        Assert.That(table.CommandDescription("BEEPER.TOGGLE"), Is.EqualTo(table.CommandDescription("beeper.toggle")));
        Assert.That(table.VarDescription("no.such.variable"), Is.Null);
    }

    [Test]
    public void Without_a_table_in_the_data_path_another_source_still_answers()
    {
        var table = CmdVarTab.Load(_dir);

        string expectedSource = File.Exists(ConfigPaths.DebianCmdVarTab) ? ConfigPaths.DebianCmdVarTab : "(built-in)";
        Assert.That(table.Source, Is.EqualTo(expectedSource));
        Assert.That(table.VarDescription("ups.status"), Is.Not.Null);
        Assert.That(table.CommandDescription("load.off"), Is.Not.Null);
    }

    [Test]
    public void The_empty_table_knows_nothing()
    {
        Assert.That(CmdVarTab.Empty.VarDescription("ups.status"), Is.Null);
        Assert.That(CmdVarTab.Empty.CommandDescription("load.off"), Is.Null);
    }

    [Test]
    public void Nuts_own_table_parses()
    {
        TestPaths.RequireInstalled(ConfigPaths.DebianCmdVarTab);

        var table = CmdVarTab.FromFile(ConfigPaths.DebianCmdVarTab);

        Assert.That(table.VariableCount, Is.GreaterThan(100));
        Assert.That(table.CommandCount, Is.GreaterThan(20));
        Assert.That(table.VarDescription("ups.status"), Is.Not.Null.And.Not.Empty);
        Assert.That(table.CommandDescription("load.off"), Is.Not.Null.And.Not.Empty);
    }
}
