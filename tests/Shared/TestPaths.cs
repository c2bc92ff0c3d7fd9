namespace NutSharp.Testing;

/// <summary>
/// Where the tests find what they run: this repository, the native <c>nutsharp</c> binary, and the
/// real NUT 2.8.0 programs at Debian's paths. A test that needs one of those programs calls
/// <see cref="RequireInstalled"/>: under <c>make test</c>, which installs them, a missing one fails
/// the test; run by hand on a machine without NUT, the test is ignored with the reason.
/// </summary>
public static class TestPaths
{
    public const string Upsd = "/lib/nut/upsd";
    public const string DummyUps = "/lib/nut/dummy-ups";
    public const string Upsc = "/usr/bin/upsc";
    public const string Upsrw = "/usr/bin/upsrw";
    public const string Upscmd = "/usr/bin/upscmd";
    public const string Upslog = "/usr/bin/upslog";

    /// <summary>Set to 1 by scripts/run-tests.sh: every program the tests compare against must be there.</summary>
    public const string RequireNutVariable = "NUTSHARP_REQUIRE_NUT";

    private static readonly Lazy<string> FoundRepositoryRoot = new(FindRepositoryRoot);

    /// <summary>The directory holding NutSharp.sln, found upwards from the test assembly.</summary>
    public static string RepositoryRoot => FoundRepositoryRoot.Value;

    /// <summary>NUTSHARP_BIN, else the native binary <c>make build</c> publishes (artifacts/bin/nutsharp).</summary>
    public static string NutSharpBinary =>
        Environment.GetEnvironmentVariable("NUTSHARP_BIN") is { Length: > 0 } bin
            ? bin
            : Path.Combine(RepositoryRoot, "artifacts", "bin", "nutsharp");

    /// <summary>True when the runner said a missing program is a failure, not a reason to skip.</summary>
    public static bool NutIsRequired => Environment.GetEnvironmentVariable(RequireNutVariable) == "1";

    /// <summary>
    /// Stops the test (or the fixture, from a one-time set-up) when one of <paramref name="paths"/>
    /// does not exist: <see cref="Assert.Fail(string)"/> when <see cref="NutIsRequired"/>, else
    /// <see cref="Assert.Ignore(string)"/>. Either way the message names what is missing.
    /// </summary>
    public static void RequireInstalled(params string[] paths) => CheckInstalled(NutIsRequired, paths);

    /// <summary><see cref="RequireInstalled(string[])"/> with the decision given, for its own tests.</summary>
    internal static void CheckInstalled(bool required, params string[] paths)
    {
        var missing = paths.Where(p => !File.Exists(p)).ToList();
        if (missing.Count == 0) return;
        string what = string.Join(", ", missing);
        if (required)
            Assert.Fail($"{what} not installed, and {RequireNutVariable}=1 (make test installs NUT 2.8.0: scripts/install-deps.sh test)");
        Assert.Ignore($"{what} not installed (NUT 2.8.0: scripts/install-deps.sh test); set {RequireNutVariable}=1 to make this a failure");
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NutSharp.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("repository root (NutSharp.sln) not found above " + AppContext.BaseDirectory);
    }
}
