using NutSharp.Tests.Testing;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace NutSharp.Tests.Server;

/// <summary>
/// Clients that never read their replies: each connection stops reading past its high-water mark,
/// and all of them together hold no more than the server's output budget; past it the connections
/// holding the most are closed, and clients that read go on being answered.
/// </summary>
public class OutputBudgetTests
{
    private const string StatusReply = "VAR ups1 ups.status \"OL\"";

    /// <summary>What one connection can add in one step: its buffer grown past the 256 KB high-water mark (a 512 KB array) plus one 16 KB read it stopped processing.</summary>
    private const long OneConnectionAtMost = 512 * 1024 + 16 * 1024;

    private static readonly byte[] ManyLists = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("LIST VAR ups1\n", 20_000)));

    [Test]
    public async Task Clients_that_never_read_are_closed_once_they_hold_more_than_the_budget()
    {
        const long Budget = 2 * 1024 * 1024;
        const int DeafClients = 12;
        var log = new LogRecorder();
        await using var server = new InProcessServer(logger: log, outputBudgetBytes: Budget);
        using var reader = server.Connect();
        Assert.That(reader.Ask("GET VAR ups1 ups.status"), Is.EqualTo(StatusReply));

        long mostHeld = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                mostHeld = Math.Max(mostHeld, server.Server.HeldOutputBytes);
                try { await Task.Delay(1, sampling.Token); } catch (OperationCanceledException) { }
            }
        });

        var deaf = new List<Socket>();
        int closedByServer;
        try
        {
            for (int i = 0; i < DeafClients; i++)
            {
                deaf.Add(SendWithoutReading(server.Port));
                Assert.That(reader.Ask("GET VAR ups1 ups.status"), Is.EqualTo(StatusReply), $"the reading client, after {i + 1} deaf ones");
            }
            Assert.That(WaitFor(() => server.Server.ConnectionCount < 1 + DeafClients), Is.True, "some deaf clients are closed");
            Assert.That(server.Server.HeldOutputBytes, Is.LessThanOrEqualTo(Budget), "held output once the loop is quiet");
            closedByServer = 1 + DeafClients - server.Server.ConnectionCount;
            Assert.That(reader.Ask("GET VAR ups1 ups.status"), Is.EqualTo(StatusReply));
        }
        finally
        {
            foreach (var socket in deaf) socket.Dispose();
        }
        Assert.That(WaitFor(() => server.Server.HeldOutputBytes == 0 && server.Server.ConnectionCount == 1), Is.True, "everything given back when the deaf clients go");
        await sampling.CancelAsync();
        await sampler;

        TestContext.Out.WriteLine($"most held {mostHeld / 1024} KB of a {Budget / 1024} KB budget");
        // Between a connection adding what it holds and the loop closing the worst, the total can
        // be over by what one connection adds; the sampler may see that instant, never more.
        Assert.That(mostHeld, Is.LessThanOrEqualTo(Budget + OneConnectionAtMost));
        Assert.That(mostHeld, Is.GreaterThan(Budget / 2), "the deaf clients did fill the budget");
        int closings = log.Lines.Count(e => e.Level == LogLevel.Debug && e.Text.Contains("replies unread", StringComparison.Ordinal));
        int warnings = log.Lines.Count(e => e.Level == LogLevel.Warning && e.Text.Contains("output budget", StringComparison.Ordinal));
        int endings = log.Lines.Count(e => e.Level == LogLevel.Information && e.Text.Contains("connection(s) were closed", StringComparison.Ordinal));
        TestContext.Out.WriteLine($"{closings} closed, {warnings} warning(s), {endings} episode end(s)");
        Assert.That(closings, Is.EqualTo(closedByServer), "each closing logged at Debug");
        Assert.That(warnings, Is.InRange(1, closings - 1), "a warning per episode, not per client");
        Assert.That(endings, Is.EqualTo(warnings), "every episode ends with one line once the deaf clients have gone");
    }

    [Test]
    public async Task A_budget_of_zero_closes_a_client_as_soon_as_its_socket_is_full_as_upsd_does()
    {
        await using var server = new InProcessServer(outputBudgetBytes: 0);
        using var reader = server.Connect();
        using var deaf = SendWithoutReading(server.Port);
        Assert.That(WaitFor(() => server.Server.ConnectionCount == 1), Is.True, "the deaf client is closed");
        Assert.That(reader.Ask("GET VAR ups1 ups.status"), Is.EqualTo(StatusReply));
        Assert.That(server.Server.HeldOutputBytes, Is.Zero);
    }

    [Test]
    public async Task A_client_that_reads_slowly_is_not_closed_while_within_the_budget()
    {
        await using var server = new InProcessServer(outputBudgetBytes: 4 * 1024 * 1024);
        // The small receive buffer is set before connecting, so the window it advertises is small from the start.
        using var slow = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        slow.Connect(new IPEndPoint(IPAddress.Loopback, server.Port));
        slow.Send(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("LIST VAR ups1\n", 2000))));
        Assert.That(WaitFor(() => server.Server.HeldOutputBytes > 0), Is.True, "its socket fills, so it holds replies");
        // Reading everything it asked for: 2,000 lists, each ending with END LIST VAR.
        Assert.That(CountListEnds(slow, 2000), Is.EqualTo(2000));
        slow.Send("GET VAR ups1 ups.status\n"u8.ToArray());
        Assert.That(WaitFor(() => server.Server.HeldOutputBytes == 0), Is.True, "nothing held once it has read everything");
        Assert.That(server.Server.ConnectionCount, Is.EqualTo(1));
    }

    /// <summary>Connects and sends requests (up to 4 MB) without ever reading, until the socket will take no more.</summary>
    private static Socket SendWithoutReading(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
        socket.Blocking = false;
        long sent = 0;
        var deadline = Environment.TickCount64 + 5000;
        while (sent < 4L * 1024 * 1024 && Environment.TickCount64 < deadline)
        {
            try { sent += socket.Send(ManyLists); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock) { Thread.Sleep(20); }
            catch (SocketException) { break; } // closed by the server already
        }
        return socket;
    }

    /// <summary>Reads until <paramref name="expected"/> "END LIST VAR" lines have come (or the server closes).</summary>
    private static int CountListEnds(Socket socket, int expected)
    {
        var marker = "END LIST VAR ups1\n"u8.ToArray();
        var buffer = new byte[65536];
        int ends = 0, carry = 0;
        while (ends < expected)
        {
            int n = socket.Receive(buffer, carry, buffer.Length - carry, SocketFlags.None);
            if (n == 0) break;
            var span = buffer.AsSpan(0, carry + n);
            int at;
            while ((at = span.IndexOf(marker)) >= 0) { ends++; span = span[(at + marker.Length)..]; }
            // Keep a tail that may hold the start of a marker cut by the read.
            carry = Math.Min(span.Length, marker.Length - 1);
            span[^carry..].CopyTo(buffer);
        }
        return ends;
    }

    private static bool WaitFor(Func<bool> condition, int timeoutMs = 20_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (Environment.TickCount64 < deadline)
        {
            if (condition()) return true;
            Thread.Sleep(20);
        }
        return condition();
    }
}
