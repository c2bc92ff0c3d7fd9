using System.Diagnostics.CodeAnalysis;
using NutSharp.Config;

namespace NutSharp.Host;

/// <summary>
/// HTTP off costs nothing: `make build` publishes two images of the same program. `nutsharp` is
/// built with this switch off, so NativeAOT leaves the HTTP front-end and ASP.NET Core out of it
/// entirely (linked in, even never run, they cost about 7 MB of resident memory at start-up:
/// the runtime rehydrates every type's data, and the larger image spreads start-up code over more
/// pages). `nutsharp-http` is built with it on. When nutsharp.toml turns HTTP on, `nutsharp`
/// becomes `nutsharp-http` (execv: same PID, arguments and environment) before it reads anything
/// else, so one process serves NUT and HTTP from the same device store.
/// </summary>
internal static class HttpFeature
{
    private const string Switch = "NutSharp.Http.IsSupported";

    /// <summary>This image has the HTTP front-end (true unless the build set the switch off).</summary>
    [FeatureSwitchDefinition(Switch)]
    public static bool IsSupported => !AppContext.TryGetSwitch(Switch, out bool supported) || supported;

    /// <summary>The image with HTTP, next to this one.</summary>
    public static string HttpImagePath => Path.Combine(AppContext.BaseDirectory, "nutsharp-http");

    /// <summary>
    /// When HTTP is configured and this image lacks it, becomes the HTTP image; returns only when
    /// that is not needed, or with the reason it failed (for a start-up error naming the setting).
    /// </summary>
    public static string? BecomeHttpImageIfNeeded(HttpSettings http)
    {
        if (!http.Enabled || IsSupported) return null;
        string path = HttpImagePath;
        var entry = http.Listen[0];
        if (!File.Exists(path))
            return entry.Error($"HTTP is configured but {path} is missing (it is built beside nutsharp by `make build`)").Message;
        string[] argv = [path, .. Environment.GetCommandLineArgs().Skip(1)];
        string error = Interop.Exec.Replace(path, argv);
        return entry.Error($"HTTP is configured but {path} cannot be started: {error}").Message;
    }
}
