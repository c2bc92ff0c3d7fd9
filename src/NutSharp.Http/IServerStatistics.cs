namespace NutSharp.Http;

/// <summary>
/// NutSharp's own figures for /metrics, from the parts of the server the HTTP front-end does not
/// see (the NUT server's connections and requests, reloads). The host provides them; every read is
/// a handful of counters, never a walk over clients.
/// </summary>
public interface IServerStatistics
{
    /// <summary>NUT connections open now.</summary>
    int NutConnections { get; }

    /// <summary>NUT connections accepted since start.</summary>
    long NutConnectionsAccepted { get; }

    /// <summary>NUT requests answered since start, by first word (GET, LIST, ..., and "unknown").</summary>
    IReadOnlyList<KeyValuePair<string, long>> NutRequests { get; }

    /// <summary>Successful reloads (SIGHUP, -c reload) since start.</summary>
    long Reloads { get; }

    /// <summary>Reloads abandoned on a configuration error since start.</summary>
    long FailedReloads { get; }
}
