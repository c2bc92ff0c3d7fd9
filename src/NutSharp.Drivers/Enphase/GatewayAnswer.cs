namespace NutSharp.Drivers.Enphase;

/// <summary>One HTTP exchange's outcome: the status (0 when no answer came) and the body.</summary>
public readonly record struct GatewayAnswer(int Status, string? Body, bool TimedOut = false)
{
    public static GatewayAnswer NoAnswer(bool timedOut) => new(0, null, timedOut);

    /// <summary>curl -f's success with something in it: a status below 400 and a non-empty body (the script tests both).</summary>
    public bool Succeeded => Status is > 0 and < 400 && !string.IsNullOrEmpty(Body);

    /// <summary>The gateway refused the token.</summary>
    public bool Unauthorized => Status == 401;

    /// <summary>What curl --retry counts as transient: a timeout, or HTTP 408, 429, 500, 502, 503 or 504.</summary>
    public bool IsTransient => TimedOut || Status is 408 or 429 or 500 or 502 or 503 or 504;
}

/// <summary>The monitor's three kinds of request, over HTTP or (TEST mode) from the config.</summary>
public interface IEnphaseTransport
{
    /// <summary>Enlighten login with the configured user and password.</summary>
    Task<GatewayAnswer> LoginAsync(CancellationToken cancellationToken);

    /// <summary>An Entrez owner token for the gateway's serial.</summary>
    Task<GatewayAnswer> RequestTokenAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>One GET of a gateway path (no leading slash), without retry.</summary>
    Task<GatewayAnswer> GatewayGetAsync(string token, string path, CancellationToken cancellationToken);
}
