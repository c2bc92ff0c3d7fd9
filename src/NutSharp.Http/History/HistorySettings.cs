namespace NutSharp.Http.History;

/// <summary>
/// How much history the server keeps per device ([http] <c>history_size</c> and
/// <c>history_resolution_seconds</c> in nutsharp.toml). The default, 17,280 samples at most one
/// every 5 seconds, is 24 hours of a device that changes all the time, in about 550 KB per device
/// (32 bytes a sample), allocated only as samples come.
/// </summary>
public sealed record HistorySettings(int Capacity, TimeSpan Resolution)
{
    public const int DefaultCapacity = 17_280;
    public static readonly TimeSpan DefaultResolution = TimeSpan.FromSeconds(5);

    public static readonly HistorySettings Default = new(DefaultCapacity, DefaultResolution);
}
