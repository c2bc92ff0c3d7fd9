using NutSharp.Testing;
using System.Globalization;
using System.Text;
using NutSharp.Integration.Tests.Host;

namespace NutSharp.Integration.Tests.ConfigCorpus;

/// <summary>
/// One directory of <c>ConfigCorpus/Cases</c>: the configuration files that differ from
/// <c>ConfigCorpus/Base</c>, its <c>expect</c> line and optional extra <c>probe</c> requests.
/// A file <c>upsd.users.missing</c> means the case has no upsd.users at all.
/// </summary>
public sealed class ConfigCorpusCase
{
    public static readonly string[] ConfigFiles = ["upsd.conf", "ups.conf", "upsd.users"];

    private readonly string _directory;

    private ConfigCorpusCase(string name)
    {
        Name = name;
        _directory = Path.Combine(CasesDirectory, name);
        Expectation = ConfigCorpusExpectation.Parse(File.ReadAllText(Path.Combine(_directory, "expect")));
        Probes = [.. ReadProbes(Path.Combine(BaseDirectory, "probe")), .. ReadProbes(Path.Combine(_directory, "probe"))];
    }

    public static string CorpusDirectory =>
        Path.Combine(TestPaths.RepositoryRoot, "tests", "NutSharp.Integration.Tests", "ConfigCorpus");

    private static string CasesDirectory => Path.Combine(CorpusDirectory, "Cases");

    private static string BaseDirectory => Path.Combine(CorpusDirectory, "Base");

    public string Name { get; }

    public ConfigCorpusExpectation Expectation { get; }

    /// <summary>Request blocks, each sent on a fresh connection to both servers once they serve.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Probes { get; }

    public static IEnumerable<string> Names() =>
        Directory.GetDirectories(CasesDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static ConfigCorpusCase Load(string name) => new(name);

    /// <summary>
    /// Writes the case's three files into the sandbox's configuration directory, byte for byte,
    /// with <c>@PORT@</c>, <c>@PORT_PLUS_65536@</c> and <c>@DIR@</c> filled in for that sandbox.
    /// </summary>
    public void WriteInto(HostSandbox sandbox)
    {
        foreach (var file in ConfigFiles)
        {
            string target = sandbox.ConfPath(file);
            if (File.Exists(Path.Combine(_directory, file + ".missing")))
            {
                File.Delete(target);
                continue;
            }
            string source = File.Exists(Path.Combine(_directory, file)) ? Path.Combine(_directory, file) : Path.Combine(BaseDirectory, file);
            File.WriteAllBytes(target, Fill(File.ReadAllBytes(source), sandbox));
        }
    }

    private static byte[] Fill(byte[] content, HostSandbox sandbox)
    {
        // Latin-1 keeps every byte as one char, so non-ASCII and CR bytes pass through unchanged.
        string text = Encoding.Latin1.GetString(content)
            .Replace("@PORT_PLUS_65536@", (sandbox.Port + 65536).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@PORT@", sandbox.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@DIR@", sandbox.ConfDir, StringComparison.Ordinal);
        return Encoding.Latin1.GetBytes(text);
    }

    private static List<IReadOnlyList<string>> ReadProbes(string path)
    {
        if (!File.Exists(path)) return [];
        return [.. File.ReadAllText(path).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => (IReadOnlyList<string>)block.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .Where(block => block.Count > 0)];
    }

    public override string ToString() => Name;
}
