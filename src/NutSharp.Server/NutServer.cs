using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using NutSharp.Config;
using NutSharp.Devices;
using NutSharp.Server.Commands;
using NutSharp.Server.Tls;

namespace NutSharp.Server;

/// <summary>
/// The NUT network server: listeners, event loops, the idle timeout and MAXCONN. The protocol
/// itself lives in <see cref="CommandProcessor"/>; device state in <see cref="DeviceStore"/>.
/// </summary>
public sealed class NutServer : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly List<Socket> _listeners = [];
    private readonly List<EventLoop> _loops = [];
    private long _nextConnectionId;
    private int _connections;
    private int _nextLoop;
    private volatile bool _listenersPaused;
    private volatile ServerOptions _options;
    private readonly long _defaultOutputBudget;
    private readonly ConcurrentDictionary<TlsConnection, Task> _tlsConnections = new();
    private readonly Lock _tlsSweepLock = new();
    private Timer? _tlsSweep;
    private volatile bool _stopped;

    public NutServer(DeviceStore devices, ServerOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        Processor = new CommandProcessor(devices, () => _options);
        Budget = new OutputBudget(logger);
        _defaultOutputBudget = OutputBudget.DefaultFromEnvironment(logger);
    }

    public CommandProcessor Processor { get; }

    public ServerOptions Options
    {
        get => _options;
        set
        {
            _options = value; // reload: open connections see the new users at their next command
            ResumeListenersIfPaused(); // a raised MAXCONN lets queued clients in at once
        }
    }

    /// <summary>The endpoints actually bound (port 0 resolved), for tests and logs.</summary>
    public IReadOnlyList<IPEndPoint> LocalEndpoints => [.. _listeners.Select(l => (IPEndPoint)l.LocalEndPoint!)];

    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>Bytes of replies (and unread requests) held right now for clients whose sockets are full.</summary>
    public long HeldOutputBytes => Budget.Held;

    /// <summary>The limit on <see cref="HeldOutputBytes"/>: the options' value, else NUTSHARP_OUTPUT_BUDGET_MB, else 32 MB.</summary>
    public long OutputBudgetBytes => _options.OutputBudgetBytes ?? _defaultOutputBudget;

    internal OutputBudget Budget { get; }

    /// <summary>
    /// How many event-loop threads serve clients. One is upsd's model and the cheapest per request;
    /// a second one only pays off when the load generator is not competing for the same cores.
    /// </summary>
    public static int LoopCount { get; set; } =
        int.TryParse(Environment.GetEnvironmentVariable("NUTSHARP_LOOPS"), out var n) && n > 0 ? n : 1;

    /// <summary>
    /// Binds every endpoint. A failure is fatal unless <paramref name="allowPartial"/> and at least
    /// one listener works (upsd 2.8.2+'s ALLOW_NOT_ALL_LISTENERS). When it throws, every socket and
    /// event loop it made is closed again.
    /// </summary>
    public void Start(IEnumerable<IPEndPoint> endpoints, bool allowPartial)
    {
        if (_loops.Count > 0) throw new InvalidOperationException("the server is already started");
        var failures = new List<string>();
        var endpointList = endpoints.ToList();
        foreach (var endpoint in endpointList)
        {
            Socket? socket = null;
            try
            {
                socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                // upsd 2.8.0: "LISTEN ::" alone is dual-stack (IPv4 clients show as ::ffff:a.b.c.d);
                // every other IPv6 listener is IPv6 only, so it can sit beside an IPv4 one.
                if (endpoint.AddressFamily == AddressFamily.InterNetworkV6)
                    socket.DualMode = endpoint.Address.Equals(IPAddress.IPv6Any)
                        && !endpointList.Any(e => e.Port == endpoint.Port && e.Address.Equals(IPAddress.Any));
                // SO_REUSEADDR alone (restart while old connections linger in TIME_WAIT). .NET's
                // ReuseAddress option also sets SO_REUSEPORT on Linux, which would let a second server
                // bind the same port and silently take half the clients.
                socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
                socket.Bind(endpoint);
                socket.Listen(4096);
                socket.Blocking = false;
                _listeners.Add(socket);
                _logger.LogInformation("listening on {Endpoint}", Format(endpoint));
            }
            catch (SocketException e)
            {
                socket?.Dispose();
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

        try
        {
            for (int i = 0; i < LoopCount; i++) _loops.Add(new EventLoop(this, i));
            _loops[0].AddListeners(_listeners.Select(l => (int)l.SafeHandle.DangerousGetHandle()));
            foreach (var loop in _loops) loop.Start();
        }
        catch
        {
            StopLoopsAndListeners();
            throw;
        }
    }

    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    private static string Format(IPEndPoint e) => e.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{e.Address}]:{e.Port}" : e.ToString();

    internal long NextConnectionId() => Interlocked.Increment(ref _nextConnectionId);

    /// <summary>Connections accepted since start (each draws one connection id).</summary>
    public long ConnectionsAccepted => Interlocked.Read(ref _nextConnectionId);

    /// <summary>Requests answered since start, by verb, summed over the event loops and the TLS connections (for /metrics).</summary>
    public long[] RequestCounts()
    {
        var total = new long[Enum.GetValues<Verb>().Length];
        foreach (var loop in _loops.ToArray())
            for (int i = 0; i < total.Length; i++) total[i] += Volatile.Read(ref loop.RequestCounts[i]);
        for (int i = 0; i < total.Length; i++) total[i] += Interlocked.Read(ref _tlsRequestCounts[i]);
        return total;
    }

    // TLS connections run off the event loops, on the thread pool, so they count in one shared
    // table with interlocked increments (an event loop's table has a single writer and needs none).
    private readonly long[] _tlsRequestCounts = new long[Enum.GetValues<Verb>().Length];

    /// <summary>Counts a request a TLS connection has answered.</summary>
    internal void CountTlsRequest(Verb verb) => Interlocked.Increment(ref _tlsRequestCounts[(int)verb]);

    /// <summary>Counts a connection about to be accepted; false when MAXCONN is reached.</summary>
    internal bool TryReserveConnection()
    {
        int max = _options.MaxConnections ?? int.MaxValue;
        while (true)
        {
            int current = Volatile.Read(ref _connections);
            if (current >= max)
            {
                _listenersPaused = true;
                // A connection may have closed on another loop between the read and the flag;
                // it saw no pause and posted no resume, so look again before giving up.
                if (Volatile.Read(ref _connections) < max) { _listenersPaused = false; continue; }
                return false;
            }
            if (Interlocked.CompareExchange(ref _connections, current + 1, current) == current) return true;
        }
    }

    internal void Unreserve() => Interlocked.Decrement(ref _connections);

    private int _peakConnections;

    /// <summary>
    /// Called once a second by the first loop. After a storm of connections has gone (at least a
    /// thousand more were open than now), one compacting collection hands the memory back to the
    /// system instead of keeping the heap sized for the storm.
    /// </summary>
    internal void GiveMemoryBackAfterStorm()
    {
        int now = ConnectionCount;
        if (now > _peakConnections) { _peakConnections = now; return; }
        if (_peakConnections - now < 1000 || now > _peakConnections / 4) return;
        _peakConnections = now;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    internal void ConnectionClosed()
    {
        Interlocked.Decrement(ref _connections);
        ResumeListenersIfPaused();
    }

    private void ResumeListenersIfPaused()
    {
        if (!_listenersPaused || _loops.Count == 0) return;
        _listenersPaused = false;
        var acceptor = _loops[0];
        acceptor.Post(() => acceptor.SetListening(true));
    }

    /// <summary>Hands an accepted socket to the next loop, round robin.</summary>
    internal void Assign(EventLoop acceptor, int fd, IPAddress? peer)
    {
        var loop = _loops.Count == 1 ? acceptor : _loops[(_nextLoop++ & int.MaxValue) % _loops.Count];
        if (loop == acceptor) loop.Adopt(fd, peer);
        else loop.Hand(fd, peer);
    }

    internal void LogAcceptFailure(string error) => _logger.LogWarning("accept failed: {Error}", error);

    /// <summary>One line for a request that threw: the client's address and the exception, never the request (it may be a PASSWORD).</summary>
    internal void LogRequestFailure(string address, Exception e) => _logger.LogError(e, "closing the connection of {Address}: serving its request failed", address);

    internal void LogClientError(string address, string error) => _logger.LogWarning("closing the connection of {Address}: {Error}", address, error);

    internal void LogLoopError(string error) => _logger.LogError("{Error}", error);

    internal void LogLoopError(string error, Exception e) => _logger.LogError(e, "{Error}", error);

    /// <summary>Closes the connections of clients logged into a device that a reload removed.</summary>
    public void DisconnectClientsOf(Device device)
    {
        foreach (var loop in _loops) loop.Post(() => loop.CloseWhere(s => s.LoggedInto == device));
        foreach (var tls in _tlsConnections.Keys)
            if (tls.Session.LoggedInto == device) tls.Abort();
    }

    /// <summary>
    /// Completes once every event loop has run a posted no-op: the loops are alive and not stuck
    /// (what NutSharp's systemd watchdog checks before it says WATCHDOG=1). Never completes for
    /// a loop that is stopping, so a caller waits with a timeout.
    /// </summary>
    public Task EveryLoopRespondsAsync()
    {
        var answers = new List<Task>();
        foreach (var loop in _loops.ToArray())
        {
            var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            loop.Post(() => answered.TrySetResult());
            answers.Add(answered.Task);
        }
        return Task.WhenAll(answers);
    }


    /// <summary>Connections that talk TLS (or are doing their handshake) right now.</summary>
    public int TlsConnectionCount => _tlsConnections.Count;

    /// <summary>
    /// A connection has sent <c>OK STARTTLS</c> and left its event loop: from here it runs as a task
    /// on the thread pool (<see cref="TlsConnection"/>), keeping its place in the MAXCONN count.
    /// <paramref name="alreadyRead"/> holds bytes that came after the STARTTLS line in the same read.
    /// </summary>
    internal void StartTls(int fd, Session session, byte[]? alreadyRead)
    {
        Socket socket;
        var handle = new SafeSocketHandle(fd, ownsHandle: true);
        try
        {
            socket = new Socket(handle);
        }
        catch (SocketException e)
        {
            handle.Dispose(); // closes the descriptor
            session.Closed();
            ConnectionClosed();
            LogClientError(session.Address, "cannot start TLS: " + e.Message);
            return;
        }
        var settings = _options.Tls;
        if (settings is null || _stopped)
        {
            // Cannot happen while loops run (the certificate is never unloaded, and the loops stop
            // before _stopped is set); kept so a connection is never left behind.
            socket.Dispose();
            session.Closed();
            ConnectionClosed();
            return;
        }
        _logger.LogTrace("{Address} switches to TLS ({Bytes} byte(s) of its handshake already read)", session.Address, alreadyRead?.Length ?? 0);
        var connection = new TlsConnection(this, socket, session, settings, alreadyRead);
        // The task waits for the gate until it is in the table, so TlsConnectionClosed always finds it
        // there; Task.Run keeps even the handshake's first synchronous steps off the event loop's thread.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _tlsConnections[connection] = Task.Run(async () =>
        {
            await gate.Task.ConfigureAwait(false);
            await connection.RunAsync().ConfigureAwait(false);
        });
        gate.SetResult();
        StartTlsSweep();
    }

    internal void TlsConnectionClosed(TlsConnection connection)
    {
        _tlsConnections.TryRemove(connection, out _);
        ConnectionClosed();
    }

    /// <summary>The idle timeout for TLS connections, once a second, as the event loops sweep theirs.</summary>
    private void StartTlsSweep()
    {
        if (_tlsSweep is not null) return;
        lock (_tlsSweepLock)
        {
            if (_tlsSweep is not null || _stopped) return;
            _tlsSweep = new Timer(_ =>
            {
                long now = Environment.TickCount64;
                long limit = _options.IdleTimeoutSeconds * 1000L;
                foreach (var tls in _tlsConnections.Keys)
                    if (now - tls.LastHeard > limit) tls.Abort();
            }, null, 1000, 1000);
        }
    }

    internal void LogTlsEstablished(string address, SslProtocols protocol, TlsCipherSuite cipher) =>
        _logger.LogDebug("TLS established with {Address} ({Protocol}, {Cipher})", address, protocol, cipher);

    internal void LogTlsHandshakeFailure(string address, string error) =>
        _logger.LogWarning("closing the connection of {Address}: TLS handshake failed: {Error}", address, error);

    public ValueTask DisposeAsync()
    {
        StopLoopsAndListeners();
        return ValueTask.CompletedTask;
    }

    private void StopLoopsAndListeners()
    {
        // The acceptor last: the others may still post to it (resuming listeners) while they stop.
        // Sockets it hands to a loop that has stopped are closed by that loop (EventLoop.Hand).
        for (int i = _loops.Count - 1; i >= 0; i--) _loops[i].Dispose();
        _loops.Clear();
        foreach (var l in _listeners) l.Dispose();
        _listeners.Clear();
        // The loops have stopped, so no connection moves to TLS any more: end those that did.
        _stopped = true;
        lock (_tlsSweepLock)
        {
            _tlsSweep?.Dispose();
            _tlsSweep = null;
        }
        foreach (var tls in _tlsConnections.Keys) tls.Abort();
        try
        {
            Task.WaitAll([.. _tlsConnections.Values], TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // Each connection logs its own failure.
        }
    }

    /// <summary>
    /// upsd's listen addresses: each LISTEN line, or 127.0.0.1 and ::1 on 3493 by default. Each line
    /// is resolved with getaddrinfo as upsd does (so a port above 65535, a service name or "[::1]"
    /// fare as they do there); a line it refuses stops start-up, as it stops upsd, with a
    /// <see cref="ConfigException"/> naming <paramref name="upsdConfPath"/> and the line.
    /// </summary>
    public static List<IPEndPoint> ResolveListen(IReadOnlyList<ListenAddress> listen, string upsdConfPath, bool ipv4Only, bool ipv6Only)
    {
        var result = new List<IPEndPoint>();
        if (listen.Count == 0)
        {
            if (!ipv6Only) result.Add(new IPEndPoint(IPAddress.Loopback, 3493));
            if (!ipv4Only) result.Add(new IPEndPoint(IPAddress.IPv6Loopback, 3493));
            return result;
        }
        var family = ipv4Only ? AddressFamily.InterNetwork : ipv6Only ? AddressFamily.InterNetworkV6 : AddressFamily.Unspecified;
        foreach (var l in listen)
        {
            // "*" is the wildcard (upsd 2.8.1+; 2.8.0 gets the same from glibc): no node, AI_PASSIVE.
            var endpoints = Interop.AddressInfo.Resolve(l.Address == "*" ? null : l.Address, l.Port, family, out string error)
                ?? throw new ConfigException(upsdConfPath, l.Line, $"LISTEN {l.Address} {l.Port}: cannot resolve the address and port ({error}); upsd refuses to start on it too");
            // Every address found is bound (upsd 2.8.0 keeps only the first one that binds).
            foreach (var ep in endpoints)
                if (!result.Contains(ep)) result.Add(ep);
        }
        return result;
    }
}
