using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Host;

/// <summary>
/// The real upsd 2.8.0 (with NUT's dummy-ups) and the native NutSharp, each in a sandbox of its own
/// with the same files, serving one dummy-ups UPS: for tests that put one question to both.
/// </summary>
internal sealed class SideBySide : IDisposable
{
    private SideBySide()
    {
    }

    public HostSandbox Upsd { get; } = new();

    public HostSandbox NutSharp { get; } = new();

    /// <summary>Fails or ignores the fixture (per <see cref="TestPaths.RequireInstalled"/>) when a server is missing.</summary>
    public static void RequireBothServers()
    {
        TestPaths.RequireInstalled(TestPaths.Upsd, TestPaths.DummyUps);
        if (!File.Exists(HostSandbox.Binary)) Assert.Ignore("the native nutsharp is not built (make build)");
    }

    /// <summary>
    /// Writes ups.conf (<paramref name="ups"/> on dummy-ups, port <c>&lt;ups&gt;.dev</c>), an upsd.conf
    /// listening on each sandbox's port plus <paramref name="upsdConf"/>, and whatever
    /// <paramref name="configure"/> adds (the .dev file, a DATAPATH); starts dummy-ups and upsd in
    /// one, NutSharp in the other, and waits until both serve.
    /// </summary>
    public static async Task<SideBySide> StartAsync(string ups, Action<HostSandbox> configure, Func<HostSandbox, string>? upsdConf = null)
    {
        var both = new SideBySide();
        foreach (var box in new[] { both.Upsd, both.NutSharp })
        {
            box.Write("upsd.conf", $"LISTEN 127.0.0.1 {box.Port}\n" + (upsdConf?.Invoke(box) ?? ""));
            box.Write("ups.conf", $"[{ups}]\n\tdriver = dummy-ups\n\tport = {ups}.dev\n");
            configure(box);
        }
        var driver = both.Upsd.StartProgram(TestPaths.DummyUps, null, "-a", ups, "-u", "root", "-F");
        Wait.Until(() => driver.HasExited || File.Exists(Path.Combine(both.Upsd.StateDir, "dummy-ups-" + ups)), "dummy-ups's socket");
        var upsd = both.Upsd.StartProgram(TestPaths.Upsd, null, "-F", "-u", "root");
        var nutsharp = both.NutSharp.Start("serve", "-F", "-u", "root");
        await both.Upsd.WaitUntilServingAsync(upsd, [ups]);
        await both.NutSharp.WaitUntilServingAsync(nutsharp, [ups]);
        return both;
    }

    /// <summary>Each request's first reply line, from both servers.</summary>
    public (List<string> Upsd, List<string> NutSharp) Ask(params string[] requests) => (Ask(Upsd, requests), Ask(NutSharp, requests));

    private static List<string> Ask(HostSandbox box, string[] requests)
    {
        using var client = box.Connect();
        return [.. requests.Select(r => client.Ask(r) ?? "(connection closed)")];
    }

    public void Dispose()
    {
        Upsd.Dispose();
        NutSharp.Dispose();
    }
}
