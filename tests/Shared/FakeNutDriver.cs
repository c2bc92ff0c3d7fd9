using System.Net.Sockets;
using System.Text;
using NutSharp.Protocol;

namespace NutSharp.Testing;

/// <summary>
/// A scripted NUT driver for tests, speaking the driver side of the driver socket protocol
/// (protocol.md §12) on a Unix socket, so it can feed both NutSharp and a real upsd 2.8.0.
/// It answers <c>DUMPALL</c> with <see cref="Dump"/> and <c>PING</c> with <c>PONG</c>, records
/// every line it receives, answers SET and INSTCMD with the tracking policy of protocol.md §16,
/// and can be told to misbehave (go stale, ignore pings, hold its dump, drop connections,
/// refuse new ones, send arbitrary bytes). Thread-safe; it never asserts anything itself:
/// the Wait* methods only report whether something happened in time.
/// </summary>
public sealed class FakeNutDriver : ISpecFakeDriver, IDisposable
{
    private readonly object _lock = new();
    private readonly List<string> _received = [];
    private readonly List<Connection> _connections = [];
    private readonly ManualResetEventSlim _acceptGate = new(initialState: true);
    private readonly ManualResetEventSlim _dumpGate = new(initialState: true);
    private readonly CancellationTokenSource _disposed = new();
    private readonly Dictionary<string, string> _variables = new(StringComparer.OrdinalIgnoreCase);
    private IReadOnlyList<string> _dump = [];
    private System.Net.Sockets.Socket? _listener;
    private int _acceptedCount;
    private bool _stale;

    /// <param name="socketPath">Where to listen, e.g. <c>&lt;statepath&gt;/fakedrv-fake</c>.</param>
    /// <param name="dump">Lines sent in reply to DUMPALL; default <see cref="FakeNutDriverDump.DefaultLines"/>.</param>
    public FakeNutDriver(string socketPath, IEnumerable<string>? dump = null)
    {
        SocketPath = socketPath;
        Dump = dump?.ToList() ?? FakeNutDriverDump.DefaultLines;
    }

    public string SocketPath { get; }

    /// <summary>
    /// The lines (without newlines) sent for each DUMPALL, sent as they are. The variables named by
    /// its SETINFO lines are the ones SET knows. While stale (<see cref="GoStale"/>), the dump starts
    /// with DATASTALE and its DATAOK lines are left out, as a real driver does.
    /// </summary>
    public IReadOnlyList<string> Dump
    {
        get { lock (_lock) return _dump; }
        set
        {
            var lines = value.ToList();
            lock (_lock)
            {
                _dump = lines;
                _variables.Clear();
                foreach (var line in lines)
                {
                    var words = Words(line);
                    if (words.Length >= 3 && words[0].Equals("SETINFO", StringComparison.OrdinalIgnoreCase))
                        _variables[words[1]] = words[1];
                }
            }
        }
    }

    /// <summary>Answer PING with PONG (default true).</summary>
    public bool AnswerPings { get; set; } = true;

    /// <summary>Answer tracked SET and INSTCMD with TRACKING lines (default true).</summary>
    public bool AnswerTracking { get; set; } = true;

    /// <summary>Echo a SET of a known variable back as SETINFO (default true).</summary>
    public bool EchoSets { get; set; } = true;

    /// <summary>Waited before each dump is sent (after <see cref="ReleaseDump"/>, if held).</summary>
    public TimeSpan DumpDelay { get; set; }

    /// <summary>
    /// Replaces the default answer to SET and INSTCMD: given the request, the lines to send back on
    /// that connection. Null (default) means the §16 policy.
    /// </summary>
    public Func<FakeNutDriverRequest, IEnumerable<string>>? RequestHandler { get; set; }

    /// <summary>Connections accepted so far (each upsd (re)connect is one).</summary>
    public int AcceptedCount { get { lock (_lock) return _acceptedCount; } }

    public int OpenConnectionCount { get { lock (_lock) return _connections.Count; } }

    /// <summary>Every line received on any connection, in order, exactly as sent but without its newline.</summary>
    public IReadOnlyList<string> ReceivedLines { get { lock (_lock) return [.. _received]; } }

    public void ClearReceived()
    {
        lock (_lock) _received.Clear();
    }

    // ------------------------------------------------------------------ listening

    /// <summary>Creates the socket (replacing a stale file) and accepts connections until stopped.</summary>
    public void Start()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            if (_listener is not null) return;
            File.Delete(SocketPath);
            var listener = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
            listener.Listen(16);
            _listener = listener;
            _ = Task.Run(() => AcceptLoopAsync(listener));
        }
    }

    /// <summary>
    /// Stops listening and removes the socket file: new connects fail as if the driver were not
    /// running. Open connections are left alone (see <see cref="CloseConnections"/>).
    /// </summary>
    public void StopListening()
    {
        lock (_lock)
        {
            _listener?.Dispose();
            _listener = null;
            try { File.Delete(SocketPath); } catch (IOException) { }
        }
    }

    /// <summary>Keeps listening but stops accepting: connects succeed and then wait in the backlog.</summary>
    public void HoldConnections() => _acceptGate.Reset();

    public void AcceptConnections() => _acceptGate.Set();

    private async Task AcceptLoopAsync(System.Net.Sockets.Socket listener)
    {
        try
        {
            while (!_disposed.IsCancellationRequested)
            {
                _acceptGate.Wait(_disposed.Token);
                var socket = await listener.AcceptAsync(_disposed.Token).ConfigureAwait(false);
                var connection = new Connection(socket);
                try
                {
                    // Held while accept was already pending: the peer is connected, but nobody serves it yet.
                    _acceptGate.Wait(_disposed.Token);
                }
                catch (OperationCanceledException)
                {
                    connection.Close();
                    throw;
                }
                lock (_lock)
                {
                    _connections.Add(connection);
                    _acceptedCount++;
                    Monitor.PulseAll(_lock);
                }
                _ = Task.Run(() => ServeAsync(connection));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped listening or disposed.
        }
    }

    // ------------------------------------------------------------------ scripted behaviour

    void ISpecFakeDriver.SendDataStale() => GoStale();

    void ISpecFakeDriver.SendDataOk() => GoOk();

    void ISpecFakeDriver.CloseConnection() => CloseConnections();

    void ISpecFakeDriver.DelayNextDump() => HoldDump();

    /// <summary>Says the data is stale (DATASTALE), now and at the start of later dumps.</summary>
    public void GoStale()
    {
        lock (_lock) _stale = true;
        SendLine("DATASTALE");
    }

    /// <summary>Says the data is fine again (DATAOK).</summary>
    public void GoOk()
    {
        lock (_lock) _stale = false;
        SendLine("DATAOK");
    }

    /// <summary>Sends one line (a newline is added) to every open connection.</summary>
    public void SendLine(string line) => SendRaw(Encoding.Latin1.GetBytes(line + "\n"));

    /// <summary>Sends bytes exactly as given to every open connection.</summary>
    public void SendRaw(ReadOnlySpan<byte> bytes)
    {
        var data = bytes.ToArray();
        foreach (var c in Snapshot()) c.TrySend(data);
    }

    /// <summary>Closes every open connection (the listener keeps accepting new ones).</summary>
    public void CloseConnections()
    {
        foreach (var c in Snapshot()) Drop(c);
    }

    /// <summary>Makes the next dumps wait until <see cref="ReleaseDump"/> (the connection still answers PING meanwhile).</summary>
    public void HoldDump() => _dumpGate.Reset();

    public void ReleaseDump() => _dumpGate.Set();

    // ------------------------------------------------------------------ waiting (no assertions)

    /// <summary>Waits until <paramref name="condition"/> holds for the received lines; false on timeout.</summary>
    public bool WaitForReceived(Func<IReadOnlyList<string>, bool> condition, TimeSpan timeout) =>
        WaitUntil(() => condition(_received), timeout);

    /// <summary>Waits until a line equal to <paramref name="line"/> has been received; false on timeout.</summary>
    public bool WaitForLine(string line, TimeSpan timeout) =>
        WaitUntil(() => _received.Contains(line), timeout);

    /// <summary>Waits until at least <paramref name="count"/> connections were accepted in total; false on timeout.</summary>
    public bool WaitForAccepted(int count, TimeSpan timeout) => WaitUntil(() => _acceptedCount >= count, timeout);

    /// <summary>Number of received lines equal to <paramref name="line"/>.</summary>
    public int CountReceived(string line)
    {
        lock (_lock) return _received.Count(l => l == line);
    }

    private bool WaitUntil(Func<bool> conditionUnderLock, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_lock)
        {
            while (!conditionUnderLock())
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) return false;
                Monitor.Wait(_lock, left);
            }
            return true;
        }
    }

    // ------------------------------------------------------------------ one connection

    private async Task ServeAsync(Connection connection)
    {
        var buffer = new byte[4096];
        var line = new List<byte>();
        var parser = new WordParser();
        string rawLine = "";
        try
        {
            while (true)
            {
                int read = await connection.Socket.ReceiveAsync(buffer, SocketFlags.None, _disposed.Token).ConfigureAwait(false);
                if (read == 0) break;
                for (int i = 0; i < read; i++)
                {
                    byte b = buffer[i];
                    if (b == (byte)'\n')
                    {
                        rawLine = Encoding.Latin1.GetString([.. line]);
                        Record(rawLine);
                        line.Clear();
                    }
                    else
                    {
                        line.Add(b);
                    }
                    var ev = parser.Feed(b);
                    if (ev == WordParserEvent.Line) Handle(connection, parser.ToStrings(), rawLine);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            Drop(connection);
        }
    }

    private void Record(string line)
    {
        lock (_lock)
        {
            _received.Add(line);
            Monitor.PulseAll(_lock);
        }
    }

    private void Handle(Connection connection, string[] words, string lastLine)
    {
        if (words.Length == 0) return;
        string command = words[0].ToUpperInvariant();
        switch (command)
        {
            case "DUMPALL":
                _ = Task.Run(() => SendDump(connection));
                break;
            case "PING":
                if (AnswerPings) connection.TrySend("PONG\n"u8.ToArray());
                break;
            case "SET" when words.Length >= 3:
            {
                // SET <var> "<value>" [TRACKING <id>]
                string? id = words.Length >= 5 && Is(words[3], "TRACKING") ? words[4] : null;
                Answer(connection, new FakeNutDriverRequest("SET", words[1], words[2], id, lastLine));
                break;
            }
            case "INSTCMD" when words.Length >= 2:
            {
                // INSTCMD <cmd> [<param>] [TRACKING <id>]
                string? id = null;
                int end = words.Length;
                if (words.Length >= 4 && Is(words[^2], "TRACKING"))
                {
                    id = words[^1];
                    end -= 2;
                }
                string? parameter = end > 2 ? words[2] : null;
                Answer(connection, new FakeNutDriverRequest("INSTCMD", words[1], parameter, id, lastLine));
                break;
            }
        }
    }

    private void Answer(Connection connection, FakeNutDriverRequest request)
    {
        var handler = RequestHandler;
        var lines = handler is not null ? handler(request) : DefaultAnswer(request);
        foreach (var l in lines.ToList()) connection.TrySend(Encoding.Latin1.GetBytes(l + "\n"));
    }

    /// <summary>
    /// protocol.md §16: INSTCMD cmd.unknown → 1, cmd.invalid → 2, cmd.failed → 3, cmd.conversion → 4,
    /// cmd.pending → no answer, anything else → 0. SET of a known variable: echoed as SETINFO, then 0;
    /// of an unknown one: 2.
    /// </summary>
    private IEnumerable<string> DefaultAnswer(FakeNutDriverRequest request)
    {
        var lines = new List<string>();
        int? status;
        if (request.Kind == "SET")
        {
            string? canonical;
            lock (_lock) _variables.TryGetValue(request.Name, out canonical);
            if (canonical is not null)
            {
                if (EchoSets) lines.Add($"SETINFO {canonical} \"{Escaping.Encode(request.Value ?? "")}\"");
                status = 0;
            }
            else
            {
                status = 2;
            }
        }
        else
        {
            status = request.Name.ToLowerInvariant() switch
            {
                "cmd.unknown" => 1,
                "cmd.invalid" => 2,
                "cmd.failed" => 3,
                "cmd.conversion" => 4,
                "cmd.pending" => null,
                _ => 0,
            };
        }
        if (AnswerTracking && request.TrackingId is not null && status is not null)
            lines.Add($"TRACKING {request.TrackingId} {status}");
        return lines;
    }

    private void SendDump(Connection connection)
    {
        try
        {
            _dumpGate.Wait(_disposed.Token);
            if (DumpDelay > TimeSpan.Zero) Task.Delay(DumpDelay, _disposed.Token).Wait();
        }
        catch (Exception e) when (e is OperationCanceledException or AggregateException)
        {
            return;
        }
        List<string> lines;
        lock (_lock)
        {
            lines = _stale ? ["DATASTALE", .. _dump.Where(l => !Is(l.Trim(), "DATAOK"))] : [.. _dump];
        }
        var text = new StringBuilder();
        foreach (var l in lines) text.Append(l).Append('\n');
        connection.TrySend(Encoding.Latin1.GetBytes(text.ToString()));
    }

    private List<Connection> Snapshot()
    {
        lock (_lock) return [.. _connections];
    }

    private void Drop(Connection connection)
    {
        lock (_lock) _connections.Remove(connection);
        connection.Close();
    }

    private static bool Is(string word, string name) => word.Equals(name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Splits one of our own dump lines into words with NUT's tokenizer.</summary>
    private static string[] Words(string line)
    {
        var parser = new WordParser();
        foreach (var b in Encoding.Latin1.GetBytes(line + "\n"))
            if (parser.Feed(b) == WordParserEvent.Line) return parser.ToStrings();
        return [];
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested) return;
        _disposed.Cancel();
        StopListening();
        CloseConnections();
        _acceptGate.Set();
        _dumpGate.Set();
    }

    private sealed class Connection(System.Net.Sockets.Socket socket)
    {
        private readonly object _sendLock = new();
        private int _closed;

        public System.Net.Sockets.Socket Socket { get; } = socket;

        /// <summary>Writes all bytes; a connection that is gone (or stuck for 5 s) just loses them.</summary>
        public void TrySend(byte[] data)
        {
            lock (_sendLock)
            {
                if (Volatile.Read(ref _closed) != 0) return;
                try
                {
                    Socket.SendTimeout = 5000;
                    int offset = 0;
                    while (offset < data.Length) offset += Socket.Send(data, offset, data.Length - offset, SocketFlags.None);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                }
            }
        }

        public void Close()
        {
            // Not under the send lock: closing is what unblocks a send stuck on a peer that does not read.
            if (Interlocked.Exchange(ref _closed, 1) != 0) return;
            try { Socket.Shutdown(SocketShutdown.Both); } catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
            Socket.Dispose();
        }
    }
}
