using System.Net;

namespace NutSharp.Config;

/// <summary>
/// <c>[http]</c>: NutSharp's HTTP front-end (JSON API, /metrics, status page). Off unless
/// <see cref="Listen"/> names at least one address: with no <c>[http]</c> table, or an empty
/// <c>listen</c>, nothing of the HTTP server is loaded.
/// </summary>
public sealed class HttpSettings
{
    /// <summary><c>listen = ["127.0.0.1:8080", "[::1]:8080"]</c>: where to serve HTTP (or HTTPS).</summary>
    public IReadOnlyList<HttpListenAddress> Listen { get; init; } = [];

    /// <summary>True when HTTP is configured (at least one listen address).</summary>
    public bool Enabled => Listen.Count > 0;

    /// <summary><c>tls_certificate</c>: a PEM certificate (chain); with <see cref="TlsKey"/>, every listener serves HTTPS.</summary>
    public ConfigFileReference? TlsCertificate { get; init; }

    /// <summary><c>tls_key</c>: the PEM private key of <see cref="TlsCertificate"/>.</summary>
    public ConfigFileReference? TlsKey { get; init; }

    /// <summary><c>require_login_for_reads</c>: reads need HTTP Basic credentials of an upsd.users user too (default false: reads are anonymous, as upsd's).</summary>
    public bool RequireLoginForReads { get; init; }

    /// <summary><c>history_size</c>: how many samples per device the status page's history keeps; null for its default.</summary>
    public int? HistorySize { get; init; }

    /// <summary>The largest <c>history_size</c> nutsharp.toml takes.</summary>
    public const int MaxHistorySize = 10_000_000;

    /// <summary>
    /// <c>history_resolution_seconds</c>: the shortest time between two samples of a device's
    /// history (changes within it update the last sample); 0 keeps every change. Null for its
    /// default (5 s).
    /// </summary>
    public int? HistoryResolutionSeconds { get; init; }

    /// <summary>The largest <c>history_resolution_seconds</c> nutsharp.toml takes (an hour).</summary>
    public const int MaxHistoryResolutionSeconds = 3600;
}

/// <summary>
/// One <c>listen</c> entry: an IP address (IPv4, or IPv6 in brackets; <c>0.0.0.0</c> and <c>[::]</c>
/// for every address of that family) and a port, with where it was written for messages.
/// </summary>
public sealed record HttpListenAddress(IPAddress Address, int Port, string Text, string SettingsFile, int Line, int Column)
{
    public IPEndPoint EndPoint => new(Address, Port);

    /// <summary>A <see cref="ConfigException"/> pointing at this entry.</summary>
    public ConfigException Error(string problem) => new(SettingsFile, Line, Column, problem);

    public override string ToString() => Text;
}

/// <summary>A file named in nutsharp.toml: its path (relative ones taken from the file's directory) and where it was named.</summary>
public sealed record ConfigFileReference(string Path, string SettingsFile, int Line, int Column)
{
    /// <summary>A <see cref="ConfigException"/> pointing at the setting that named this file.</summary>
    public ConfigException Error(string problem) => new(SettingsFile, Line, Column, problem);
}
