using System.Net.Sockets;
using System.Text;

namespace NutSharp.Testing;

/// <summary>
/// Start-up helpers shared by every <see cref="INutServerUnderTest"/>: picking a port free on both
/// loopback addresses, and waiting until the server answers and every UPS is past WAIT.
/// </summary>
public static class SpecServerReadiness
{
    /// <summary>A fresh spec directory on <paramref name="port"/>, with the <c>fake</c> driver listening in it.</summary>
    public static FakeNutDriver PrepareDirectory(string directory, int port)
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        SpecConfiguration.WriteTo(directory, port);
        var fake = new FakeNutDriver(SpecConfiguration.FakeDriverSocketPath(directory));
        fake.Start();
        return fake;
    }

    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A TCP port that is currently free on 127.0.0.1 and on ::1.</summary>
    public static int PickFreePort()
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            using var v4 = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            v4.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
            int port = ((System.Net.IPEndPoint)v4.LocalEndPoint!).Port;
            try
            {
                using var v6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
                v6.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.IPv6Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken on ::1; try another one.
            }
        }
        throw new InvalidOperationException("no TCP port free on both 127.0.0.1 and ::1");
    }

    /// <summary>Polls <c>GET VAR u ups.status</c> for every UPS until none answers an error or WAIT.</summary>
    public static async Task WaitUntilReadyAsync(string host, int port, IEnumerable<string> upsNames, Func<bool> serverAlive, CancellationToken cancellationToken)
    {
        // Bounds each query too, so a server that accepts and never answers cannot outlast the wait.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        string lastState = "no connection";
        bool exited = false;
        bool ready = await Wait.ForAsync(async () =>
        {
            if (!serverAlive()) return exited = true;
            try
            {
                lastState = await QueryStatusesAsync(host, port, upsNames, timeout.Token);
                return lastState.Length == 0;
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
            {
                lastState = e.Message;
                return false;
            }
        }, StartTimeout, cancellationToken);
        if (exited) throw new InvalidOperationException($"server exited during start-up ({lastState})");
        if (!ready) throw new TimeoutException($"server not ready after {StartTimeout}: {lastState}");
    }

    /// <summary>Returns "" when every UPS has real data, else a description of the first one that does not.</summary>
    private static async Task<string> QueryStatusesAsync(string host, int port, IEnumerable<string> upsNames, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, cancellationToken);
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.Latin1);
        foreach (var ups in upsNames)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET VAR {ups} ups.status\n"), cancellationToken);
            string? reply = await reader.ReadLineAsync(cancellationToken);
            if (reply is null || reply.StartsWith("ERR", StringComparison.Ordinal) || reply.EndsWith("\"WAIT\"", StringComparison.Ordinal))
                return $"{ups}: {reply ?? "connection closed"}";
        }
        return "";
    }
}
