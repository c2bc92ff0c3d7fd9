using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NutSharp.Integration.Tests.Clients;

/// <summary>
/// A loopback TCP proxy in front of a NUT server that records every request line clients send
/// (the C# counterpart of tools/nutproxy.py, reduced to what the tests check): it shows what a
/// GUI client such as NUT-Monitor actually did, without the server having to log it.
/// </summary>
public sealed class ClientsRecordingProxy : IDisposable
{
    private readonly TcpListener _listener;
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<string> _requests = [];
    private readonly List<TcpClient> _connections = [];

    public ClientsRecordingProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoopAsync();
    }

    public int Port { get; }

    /// <summary>Every request line received from any client so far, in arrival order, without its line end.</summary>
    public IReadOnlyList<string> Requests
    {
        get { lock (_lock) return [.. _requests]; }
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var upstream = new TcpClient();
                await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
                lock (_lock) _connections.AddRange([client, upstream]);
                _ = RecordAndForwardAsync(client, upstream);
                _ = ForwardAsync(upstream, client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Disposed.
        }
    }

    private async Task RecordAndForwardAsync(TcpClient client, TcpClient upstream)
    {
        var pending = new StringBuilder();
        var buffer = new byte[8192];
        try
        {
            var from = client.GetStream();
            var to = upstream.GetStream();
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                pending.Append(Encoding.Latin1.GetString(buffer, 0, read));
                Record(pending);
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            client.Close();
            upstream.Close();
        }
    }

    private async Task ForwardAsync(TcpClient upstream, TcpClient client)
    {
        var buffer = new byte[8192];
        try
        {
            var from = upstream.GetStream();
            var to = client.GetStream();
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            client.Close();
            upstream.Close();
        }
    }

    /// <summary>Moves every complete line of <paramref name="pending"/> into the record.</summary>
    private void Record(StringBuilder pending)
    {
        string text = pending.ToString();
        int end;
        while ((end = text.IndexOf('\n', StringComparison.Ordinal)) >= 0)
        {
            string line = text[..end].TrimEnd('\r');
            lock (_lock) _requests.Add(line);
            text = text[(end + 1)..];
        }
        pending.Clear().Append(text);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_lock)
        {
            foreach (var connection in _connections) connection.Close();
            _connections.Clear();
        }
    }
}
