using NutSharp.Http;
using NutSharp.Server.Commands;

namespace NutSharp.Host;

/// <summary>The NUT server's and the reloads' counters, for the HTTP front-end's /metrics.</summary>
internal sealed class HostStatistics(NutService service) : IServerStatistics
{
    private static readonly string[] VerbNames = [.. Enum.GetValues<Verb>().Select(v => v == Verb.Unknown ? "unknown" : v.ToString().ToUpperInvariant())];

    public int NutConnections => service.Server?.ConnectionCount ?? 0;

    public long NutConnectionsAccepted => service.Server?.ConnectionsAccepted ?? 0;

    public IReadOnlyList<KeyValuePair<string, long>> NutRequests
    {
        get
        {
            var counts = service.Server?.RequestCounts() ?? new long[VerbNames.Length];
            return [.. VerbNames.Select((name, i) => new KeyValuePair<string, long>(name, counts[i]))];
        }
    }

    public long Reloads => service.Reloads;

    public long FailedReloads => service.FailedReloads;
}
