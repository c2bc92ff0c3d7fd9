using NutSharp.Integration.Tests.Host;

namespace NutSharp.Integration.Tests.ConfigCorpus;

/// <summary>
/// GET DESC / GET CMDDESC against real upsd 2.8.0 (with NUT's dummy-ups) and NutSharp on the same
/// configuration. Where DATAPATH holds a cmdvartab both answer from it. Where it holds none, upsd
/// answers "Description unavailable" and NutSharp falls back to NUT's installed table or its own
/// built-in one: the deliberate difference of protocol-spec/README.md section 9.
/// </summary>
[NonParallelizable]
public sealed class DescriptionTableTests
{
    private const string Unavailable = "Description unavailable";

    [OneTimeSetUp]
    public void RequireBothServers() => SideBySide.RequireBothServers();

    [Test]
    public async Task Without_a_table_in_datapath_upsd_has_no_descriptions_and_nutsharp_falls_back()
    {
        var (upsd, nutsharp) = await AskBothAsync(cmdvartab: null, "GET DESC ups1 ups.status", "GET CMDDESC ups1 load.off");

        Assert.That(upsd, Is.EqualTo(new[]
        {
            $"DESC ups1 ups.status \"{Unavailable}\"",
            $"CMDDESC ups1 load.off \"{Unavailable}\"",
        }));
        Assert.That(nutsharp[0], Does.StartWith("DESC ups1 ups.status \"").And.Not.Contain(Unavailable));
        Assert.That(nutsharp[1], Does.StartWith("CMDDESC ups1 load.off \"").And.Not.Contain(Unavailable));
    }

    [Test]
    public async Task With_a_table_in_datapath_both_answer_from_it()
    {
        var (upsd, nutsharp) = await AskBothAsync(
            "VARDESC ups.status \"Status from the test table\"\nCMDDESC load.off \"Load off from the test table\"\n",
            "GET DESC ups1 ups.status", "GET CMDDESC ups1 load.off", "GET DESC ups1 battery.charge");

        Assert.That(upsd, Is.EqualTo(new[]
        {
            "DESC ups1 ups.status \"Status from the test table\"",
            "CMDDESC ups1 load.off \"Load off from the test table\"",
            $"DESC ups1 battery.charge \"{Unavailable}\"",
        }));
        Assert.That(nutsharp, Is.EqualTo(upsd), "a table that exists is used alone, a name it lacks is unavailable");
    }

    /// <summary>Serves one dummy-ups UPS from each server with DATAPATH set to a fresh directory, and asks both.</summary>
    private static async Task<(List<string> Upsd, List<string> NutSharp)> AskBothAsync(string? cmdvartab, params string[] requests)
    {
        using var both = await SideBySide.StartAsync("ups1",
            box =>
            {
                Directory.CreateDirectory(DataPath(box));
                if (cmdvartab is not null) File.WriteAllText(Path.Combine(DataPath(box), "cmdvartab"), cmdvartab);
            },
            box => $"DATAPATH {DataPath(box)}\n");
        return both.Ask(requests);
    }

    private static string DataPath(HostSandbox box) => Path.Combine(box.Root, "data");
}
