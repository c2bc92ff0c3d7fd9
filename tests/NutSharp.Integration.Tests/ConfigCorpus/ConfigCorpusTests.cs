using System.Text.RegularExpressions;
using NutSharp.Integration.Tests.Host;
using NutSharp.Testing;
using NutSharp.Tests.Shared;

namespace NutSharp.Integration.Tests.ConfigCorpus;

/// <summary>
/// Every configuration of <c>ConfigCorpus/Cases</c> is given to the real upsd 2.8.0 and to the
/// native NutSharp, side by side: both must serve or both must refuse, as the case's
/// <c>expect</c> line says. Where they serve, the probe requests (LIST UPS, logins, FSD rights)
/// must get the same answers from both, and NutSharp must have warned about exactly the lines the
/// case names (file:line), the lines upsd skipped. Where they refuse, NutSharp's message names
/// the place.
/// </summary>
[NonParallelizable]
public sealed partial class ConfigCorpusTests
{
    public static IEnumerable<TestCaseData> Cases() =>
        ConfigCorpusCase.Names().Select(name => new TestCaseData(name).SetName(name));

    [OneTimeSetUp]
    public void RequireBothServers()
    {
        // Under make test (NUTSHARP_REQUIRE_NUT=1) a missing upsd fails the corpus instead of skipping it.
        TestPaths.RequireInstalled(TestPaths.Upsd);
        if (!File.Exists(HostSandbox.Binary)) Assert.Ignore("the native nutsharp is not built (make build)");
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Upsd_and_nutsharp_agree_on_the_configuration(string name)
    {
        var corpusCase = ConfigCorpusCase.Load(name);
        var expected = corpusCase.Expectation;
        using var upsdBox = new HostSandbox();
        using var nutsharpBox = new HostSandbox();
        corpusCase.WriteInto(upsdBox);
        corpusCase.WriteInto(nutsharpBox);

        var upsd = upsdBox.StartProgram(TestPaths.Upsd, null, "-F", "-u", "root");
        var nutsharp = nutsharpBox.Start("serve", "-F", "-u", "root");
        var verdicts = await Task.WhenAll(
            Task.Run(() => StartupVerdict.Await(upsd, upsdBox.Port)),
            Task.Run(() => StartupVerdict.Await(nutsharp, nutsharpBox.Port)));
        var (upsdVerdict, nutsharpVerdict) = (verdicts[0], verdicts[1]);

        Assert.That(upsdVerdict.Serves, Is.EqualTo(expected.Serves),
            $"upsd 2.8.0 {upsdVerdict}; the case expects: {expected}\nupsd said: {upsd.Output}");
        Assert.That(nutsharpVerdict.Serves, Is.EqualTo(upsdVerdict.Serves),
            $"upsd {upsdVerdict}, NutSharp {nutsharpVerdict}\nNutSharp said: {nutsharp.Output}\nupsd said: {upsd.Output}");
        Assert.That(nutsharp.Output, Does.Not.Contain("Exception"), "NutSharp must explain itself, not throw");

        if (expected.Serves)
        {
            Assert.That(WarnedPlaces(nutsharp.Stderr, nutsharpBox.ConfDir), Is.EquivalentTo(expected.Warnings),
                "the places NutSharp warned about\n" + nutsharp.Stderr);
            foreach (var block in corpusCase.Probes)
                Assert.That(Ask(nutsharpBox.Port, block), Is.EqualTo(Ask(upsdBox.Port, block)),
                    "NutSharp's answers (upsd's expected) to: " + string.Join(" / ", block));
        }
        else
        {
            Assert.That(nutsharpVerdict.ExitCode, Is.Not.Zero);
            if (expected.RefusalPlace is { } place)
                Assert.That(nutsharp.Stderr, Does.Contain($"{nutsharpBox.ConfDir}/{place}:"), "NutSharp's refusal names the place");
        }
    }

    /// <summary>The <c>file:line</c> of every "nutsharp: warning: CONFDIR/file:line: ..." line.</summary>
    private static HashSet<string> WarnedPlaces(string stderr, string confDir)
    {
        var places = new HashSet<string>(StringComparer.Ordinal);
        string prefix = "nutsharp: warning: " + confDir + "/";
        foreach (var line in stderr.Split('\n'))
        {
            if (!line.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var match = Place().Match(line[prefix.Length..]);
            if (match.Success) places.Add(match.Groups[1].Value);
        }
        return places;
    }

    [GeneratedRegex(@"^([^/:]+:[0-9]+):")]
    private static partial Regex Place();

    /// <summary>Sends a block of requests on one connection and collects every reply line (whole LISTs).</summary>
    private static List<string> Ask(int port, IReadOnlyList<string> requests)
    {
        using var client = new LineClient(port);
        var replies = new List<string>();
        foreach (var request in requests)
        {
            client.Send(request + "\n");
            string reply = client.ReadLine() ?? "(connection closed)";
            replies.Add(reply);
            if (!reply.StartsWith("BEGIN LIST", StringComparison.Ordinal)) continue;
            while (client.ReadLine() is { } line)
            {
                replies.Add(line);
                if (line.StartsWith("END LIST", StringComparison.Ordinal)) break;
            }
        }
        return replies;
    }
}
