using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using NutSharp.Config;
using NutSharp.Devices;
using NutSharp.Server.Commands;

namespace NutSharp.Server;

/// <summary>
/// The NUT network server: listeners, client connections, the idle timeout and MAXCONN. The
/// protocol itself lives in <see cref="CommandProcessor"/>; device state in <see cref="DeviceStore"/>.
/// </summary>
public sealed class NutServer : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly List<Socket> _listeners = [];
    private readonly ConcurrentDictionary<ClientConnection, byte> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _acceptLoops = [];
    private SemaphoreSlim? _slots;
    private Timer? _idleSweep;
    private long _nextConnectionId;
    private volatile ServerOptions _options;

    public NutServer(DeviceStore devices, ServerOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        Processor = new CommandProcessor(devices, () => _options);
    }

    public CommandProcessor Processor { get; }

    public ServerOptions Options
    {
        get => _options;
        set => _options = value; // reload: open connections see the new users at their next command
    }

    /// <summary>The endpoints actually bound (port 0 resolved), for tests and logs.</summary>
    public IReadOnlyList<IPEndPoint> LocalEndpoints => [.. _listeners.Select(l => (IPEndPoint)l.LocalEndPoint!)];

    public int ConnectionCount => _connections.Count;

    /// <summary>
    /// Binds every endpoint. A failure is fatal unless <paramref name="allowPartial"/> and at least
    /// one listener works (upsd 2.8.2+'s ALLOW_NOT_ALL_LISTENERS).
    /// </summary>
    public void Start(IEnumerable<IPEndPoint> endpoints, bool allowPartial)
    {
        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (endpoint.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = false;
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.Bind(endpoint);
                socket.Listen(4096);
                _listeners.Add(socket);
                _logger.LogInformation("listening on {Endpoint}", Format(endpoint));
            }
            catch (SocketException e)
            {
                socket.Dispose();
                failures.Add($"{Format(endpoint)}: {e.Message}");
                _logger.LogWarning("not listening on {Endpoint}: {Error}", Format(endpoint), e.Message);
            }
        }
        if (_listeners.Count == 0 || (failures.Count > 0 && !allowPartial))
        {
            foreach (var l in _listeners) l.Dispose();
            _listeners.Clear();
            throw new InvalidOperationException("cannot listen on " + string.Join("; ", failures));
        }

        if (_options.MaxConnections is int max) _slots = new SemaphoreSlim(Math.Max(max, 1));
        foreach (var listener in _listeners) _acceptLoops.Add(AcceptLoopAsync(listener));
        _idleSweep = new Timer(_ => DropIdleClients(), null, 1000, 1000);
    }

    private static string Format(IPEndPoint e) => e.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{e.Address}]:{e.Port}" : e.ToString();

    private async Task AcceptLoopAsync(Socket listener)
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            // MAXCONN: like upsd, stop accepting while full; the kernel queues new clients until a slot frees.
            if (_slots is not null)
            {
                try { await _slots.WaitAsync(token).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
            }
            Socket client;
            try
            {
                client = await listener.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException e)
            {
                _slots?.Release();
                // Out of descriptors, or a connection reset before we took it: keep serving the others.
                _logger.LogWarning("accept failed: {Error}", e.Message);
                try { await Task.Delay(50, token).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
                continue;
            }
            Accepted(client);
        }
    }

    private void Accepted(Socket client)
    {
        string address;
        try
        {
            client.NoDelay = true;
            client.Blocking = false;
            address = ((IPEndPoint)client.RemoteEndPoint!).Address.ToString();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            client.Dispose();
            _slots?.Release();
            return;
        }
        var session = new Session(Interlocked.Increment(ref _nextConnectionId), address);
        var connection = new ClientConnection(this, client, session);
        _connections.TryAdd(connection, 0);
        connection.Start();
    }

    internal void Forget(ClientConnection connection)
    {
        if (_connections.TryRemove(connection, out _)) _slots?.Release();
    }

    private void DropIdleClients()
    {
        long limit = _options.IdleTimeoutSeconds * 1000L;
        long now = Environment.TickCount64;
        foreach (var connection in _connections.Keys)
            if (now - connection.LastHeard > limit) connection.Close();
    }

    /// <summary>Closes the connections of clients logged into a device that a reload removed.</summary>
    public void DisconnectClientsOf(Device device)
    {
        foreach (var connection in _connections.Keys)
            if (connection.Session.LoggedInto == device) connection.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        if (_idleSweep is not null) await _idleSweep.DisposeAsync().ConfigureAwait(false);
        foreach (var l in _listeners) l.Dispose();
        try { await Task.WhenAll(_acceptLoops).ConfigureAwait(false); } catch (OperationCanceledException) { }
        foreach (var c in _connections.Keys) c.Close();
        _stopping.Dispose();
    }

    /// <summary>upsd's listen addresses: each LISTEN line, or 127.0.0.1 and ::1 on 3493 by default.</summary>
    public static List<IPEndPoint> ResolveListen(IReadOnlyList<ListenAddress> listen, bool ipv4Only, bool ipv6Only)
    {
        var result = new List<IPEndPoint>();
        if (listen.Count == 0)
        {
            if (!ipv6Only) result.Add(new IPEndPoint(IPAddress.Loopback, 3493));
            if (!ipv4Only) result.Add(new IPEndPoint(IPAddress.IPv6Loopback, 3493));
            return result;
        }
        foreach (var l in listen)
        {
            IEnumerable<IPAddress> addresses;
            if (l.Address is "*") addresses = [IPAddress.Any, IPAddress.IPv6Any];
            else if (IPAddress.TryParse(l.Address.Trim('[', ']'), out var ip)) addresses = [ip];
            else addresses = Dns.GetHostAddresses(l.Address);
            foreach (var a in addresses)
            {
                if (ipv4Only && a.AddressFamily != AddressFamily.InterNetwork) continue;
                if (ipv6Only && a.AddressFamily != AddressFamily.InterNetworkV6) continue;
                var ep = new IPEndPoint(a, l.Port);
                if (!result.Contains(ep)) result.Add(ep);
            }
        }
        return result;
    }
}
