using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Host;

/// <summary>
/// A dummy-ups file whose values hold a quote, a backslash and '#', served by real upsd 2.8.0 with
/// NUT's dummy-ups and by NutSharp's built-in dummy-ups. The values read from the file are the same
/// on both; device.model, which NUT's driver core copies from its already escaped ups.model, shows
/// every escape doubled on upsd and the clean value on NutSharp: the deliberate difference of
/// protocol-spec/README.md section 9 (case 55-dummy-ups-escaped-values shows the SET side).
/// </summary>
[NonParallelizable]
public sealed class DummyUpsEscapedValuesTests
{
    private const string Dev = "ups.status: OL\nups.model: \"Model \\\"Q\\\" \\\\ 7\"\nups.id: \"Rack \\#4\"\n";

    [OneTimeSetUp]
    public void RequireBothServers()
    {
        TestPaths.RequireInstalled(TestPaths.Upsd, TestPaths.DummyUps);
        if (!File.Exists(HostSandbox.Binary)) Assert.Ignore("the native nutsharp is not built (make build)");
    }

    [Test]
    public async Task File_values_read_the_same_and_only_upsd_doubles_the_escapes_of_its_device_model_copy()
    {
        using var upsdBox = new HostSandbox();
        using var nutsharpBox = new HostSandbox();
        foreach (var box in new[] { upsdBox, nutsharpBox })
        {
            box.Write("upsd.conf", $"LISTEN 127.0.0.1 {box.Port}\n");
            box.Write("ups.conf", "[ups1]\n\tdriver = dummy-ups\n\tport = ups1.dev\n");
            box.Write("ups1.dev", Dev);
        }
        var driver = upsdBox.StartProgram(TestPaths.DummyUps, null, "-a", "ups1", "-u", "root", "-F");
        Wait.Until(() => driver.HasExited || File.Exists(Path.Combine(upsdBox.StateDir, "dummy-ups-ups1")), "dummy-ups's socket");
        var upsd = upsdBox.StartProgram(TestPaths.Upsd, null, "-F", "-u", "root");
        var nutsharp = nutsharpBox.Start("serve", "-F", "-u", "root");
        await upsdBox.WaitUntilServingAsync(upsd, ["ups1"]);
        await nutsharpBox.WaitUntilServingAsync(nutsharp, ["ups1"]);

        string[] requests = ["GET VAR ups1 ups.model", "GET VAR ups1 ups.id", "GET VAR ups1 device.model"];
        var fromUpsd = Ask(upsdBox, requests);
        var fromNutSharp = Ask(nutsharpBox, requests);

        Assert.That(fromUpsd[..2], Is.EqualTo(new[] { "VAR ups1 ups.model \"Model \\\"Q\\\" \\\\ 7\"", "VAR ups1 ups.id \"Rack \\#4\"" }));
        Assert.That(fromNutSharp[..2], Is.EqualTo(fromUpsd[..2]), "the file's values read the same");
        Assert.That(fromUpsd[2], Is.EqualTo("VAR ups1 device.model \"Model \\\\\\\"Q\\\\\\\" \\\\\\\\ 7\""), "upsd: escapes doubled");
        Assert.That(fromNutSharp[2], Is.EqualTo("VAR ups1 device.model \"Model \\\"Q\\\" \\\\ 7\""), "NutSharp: the value of ups.model");
    }

    private static List<string> Ask(HostSandbox box, string[] requests)
    {
        using var client = box.Connect();
        return [.. requests.Select(r => client.Ask(r) ?? "(connection closed)")];
    }
}
