using System.Security.Cryptography;

namespace NutSharp.Http.StatusPage;

/// <summary>
/// The page's files, embedded in the binary (EmbeddedResource, logical names <c>StatusPage/&lt;file&gt;</c>):
/// nothing is read from disk or fetched from elsewhere. Each is loaded once, with an ETag (a hash
/// of its bytes), so a browser that has it asks and gets a 304.
/// </summary>
public static class StatusPageAssets
{
    public sealed record Asset(string Name, string ContentType, byte[] Bytes, string ETag);

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["status.css"] = "text/css; charset=utf-8",
        ["status.js"] = "text/javascript; charset=utf-8",
    };

    private static readonly Lazy<Dictionary<string, Asset>> Loaded = new(Load);

    /// <summary>The asset of that file name (index.html, status.css, status.js), or null.</summary>
    public static Asset? Find(string name) => Loaded.Value.GetValueOrDefault(name);

    private static Dictionary<string, Asset> Load()
    {
        var assembly = typeof(StatusPageAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var (name, contentType) in ContentTypes)
        {
            using var stream = assembly.GetManifestResourceStream("StatusPage/" + name)
                ?? throw new InvalidOperationException($"status page asset {name} is not embedded in {assembly.GetName().Name}");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            assets[name] = new Asset(name, contentType, bytes, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8)) + "\"");
        }
        return assets;
    }
}
