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
    public void RequireBothServers() => SideBySide.RequireBothServers();

    [Test]
    public async Task File_values_read_the_same_and_only_upsd_doubles_the_escapes_of_its_device_model_copy()
    {
        using var both = await SideBySide.StartAsync("ups1", box => box.Write("ups1.dev", Dev));
        var (fromUpsd, fromNutSharp) = both.Ask("GET VAR ups1 ups.model", "GET VAR ups1 ups.id", "GET VAR ups1 device.model");

        Assert.That(fromUpsd[..2], Is.EqualTo(new[] { "VAR ups1 ups.model \"Model \\\"Q\\\" \\\\ 7\"", "VAR ups1 ups.id \"Rack \\#4\"" }));
        Assert.That(fromNutSharp[..2], Is.EqualTo(fromUpsd[..2]), "the file's values read the same");
        Assert.That(fromUpsd[2], Is.EqualTo("VAR ups1 device.model \"Model \\\\\\\"Q\\\\\\\" \\\\\\\\ 7\""), "upsd: escapes doubled");
        Assert.That(fromNutSharp[2], Is.EqualTo("VAR ups1 device.model \"Model \\\"Q\\\" \\\\ 7\""), "NutSharp: the value of ups.model");
    }
}
