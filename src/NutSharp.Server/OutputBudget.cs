using System.Globalization;
using Microsoft.Extensions.Logging;

namespace NutSharp.Server;

/// <summary>
/// The server-wide count of reply bytes held for clients whose sockets are full, and its limit.
/// <para>
/// upsd 2.8.0 writes each reply with a blocking write(): a client that stops reading stalls the
/// whole server once its socket is full, and a write that fails or falls short marks that client
/// to be dropped (sendback() in server/upsd.c). NutSharp never blocks. A connection whose socket
/// is full keeps its replies and reads no more requests until they have gone
/// (<see cref="ClientConnection"/>), so one connection holds at most about its high-water mark
/// plus one reply; dropping it at the first full socket instead would punish any client reading a
/// LIST larger than its socket buffer. What that leaves unbounded is the number of such
/// connections: this budget bounds their total, and past it the loops close the connections that
/// hold the most (<see cref="EventLoop"/>).
/// </para>
/// <para>
/// Counting stays off the request path: a connection adds what it holds when a send would block
/// and takes it back when its replies have all gone or it closes. A client that reads its replies
/// never fills its socket, so serving it never touches this counter.
/// </para>
/// </summary>
internal sealed class OutputBudget(ILogger logger)
{
    public const long DefaultBytes = 32L * 1024 * 1024;
    public const string EnvironmentVariable = ServerOptions.OutputBudgetVariable;

    private long _held;
    private int _shedding;
    private int _closedWhileShedding;

    /// <summary>Bytes held right now by connections whose sockets are full, over all loops.</summary>
    public long Held => Interlocked.Read(ref _held);

    /// <summary>Counts a change in what one connection holds; returns the new total.</summary>
    public long Add(long delta) => Interlocked.Add(ref _held, delta);

    /// <summary>A connection gave back what it held; ends a shedding episode once the total is well under the limit.</summary>
    public void Give(long bytes, long limit)
    {
        long held = Add(-bytes);
        // Half the limit: a steady trickle of clients that do not read, hovering at the limit,
        // makes one episode and one warning, not one per client.
        if (Volatile.Read(ref _shedding) == 1 && held <= limit / 2 && Interlocked.CompareExchange(ref _shedding, 0, 1) == 1)
        {
            int closed = Interlocked.Exchange(ref _closedWhileShedding, 0);
            logger.LogInformation("replies held for clients that do not read are back to {Held} KB; {Closed} connection(s) were closed", held / 1024, closed);
        }
    }

    /// <summary>The total passed the limit: one warning per episode.</summary>
    public void StartShedding(long limit)
    {
        if (Interlocked.CompareExchange(ref _shedding, 1, 0) == 0)
            logger.LogWarning("replies held for clients that do not read passed the output budget of {Limit} KB; closing the connections that hold the most", limit / 1024);
    }

    /// <summary>One connection closed to stay within the budget (detail at Debug; the episode has its warning).</summary>
    public void Closed(string address, long bytes)
    {
        Interlocked.Increment(ref _closedWhileShedding);
        logger.LogDebug("closing the connection of {Address}: {Kilobytes} KB of replies unread", address, bytes / 1024);
    }

    /// <summary>NUTSHARP_OUTPUT_BUDGET_MB when set (whole megabytes, 0 allowed), else <see cref="DefaultBytes"/>.</summary>
    public static long DefaultFromEnvironment(ILogger logger)
    {
        string? text = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrEmpty(text)) return DefaultBytes;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long megabytes) && megabytes <= long.MaxValue / (1024 * 1024))
            return megabytes * 1024 * 1024;
        logger.LogWarning("{Variable}={Value} is not a whole number of megabytes; using {Default} MB", EnvironmentVariable, text, DefaultBytes / (1024 * 1024));
        return DefaultBytes;
    }
}
