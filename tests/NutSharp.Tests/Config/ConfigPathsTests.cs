using NutSharp.Config;

namespace NutSharp.Tests.Config;

public class ConfigPathsTests
{
    [Test]
    public void Defaults_apply_when_the_variables_are_unset_or_empty()
    {
        Assert.That(ConfigPaths.ConfPath(_ => null), Is.EqualTo("/etc/nut"));
        Assert.That(ConfigPaths.StatePath(_ => null), Is.EqualTo("/run/nut"));
        Assert.That(ConfigPaths.ConfPath(_ => ""), Is.EqualTo("/etc/nut"));
    }

    [Test]
    public void The_environment_variables_win()
    {
        var environment = new Dictionary<string, string> { ["NUT_CONFPATH"] = "/tmp/conf", ["NUT_STATEPATH"] = "/tmp/state" };

        Assert.That(ConfigPaths.ConfPath(environment.GetValueOrDefault), Is.EqualTo("/tmp/conf"));
        Assert.That(ConfigPaths.StatePath(environment.GetValueOrDefault), Is.EqualTo("/tmp/state"));
    }
}
