using NutSharp.Protocol;

namespace NutSharp.Http.Writes;

/// <summary>
/// What became of a SET VAR, INSTCMD or FSD sent over HTTP: refused before the driver (with upsd's
/// error), done (the driver's tracking result SUCCESS), failed in the driver (its tracking result),
/// or still pending when the wait ran out.
/// </summary>
public readonly record struct WriteOutcome(WriteResult Result, NutError? Error, string? TrackingId)
{
    public static WriteOutcome Refused(NutError error) => new(WriteResult.Refused, error, null);

    /// <summary>The NUT reply a client would have seen: "ERR ACCESS-DENIED", or for a tracked result "ERR FAILED".</summary>
    public string NutText => Error is { } error ? "ERR " + NutErrors.Name(error) : Result == WriteResult.Pending ? "PENDING" : "OK";
}

public enum WriteResult : byte
{
    /// <summary>The driver reports success (tracking SUCCESS), or FSD was set.</summary>
    Done,

    /// <summary>upsd's checks refused it before the driver saw it (<see cref="WriteOutcome.Error"/> says why).</summary>
    Refused,

    /// <summary>The driver took it and reported a failure (tracking ERR UNKNOWN, INVALID-ARGUMENT or FAILED).</summary>
    Failed,

    /// <summary>The driver took it and had not answered when the wait ran out; GET TRACKING on the id tells the rest.</summary>
    Pending,
}
