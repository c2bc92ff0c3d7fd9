using System.Net.Sockets;
using System.Text;

namespace NutSharp.Testing;

/// <summary>
/// Minimal stand-in for the scripted <c>fake</c> driver of protocol.md section 16, until the shared
/// FakeNutDriver lands: it listens on <c>fakedrv-fake</c>, answers DUMPALL with the section 16 state,
/// PING with PONG, echoes SETs and answers tracked commands with the scripted statuses.
/// </summary>
public sealed class RealUpsdFakeDriverStandIn : ISpecFakeDriver, IDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly HashSet<string> _knownVariables = new(StringComparer.OrdinalIgnoreCase);
    private Socket? _connection;
    private bool _delayNextDump;
    private Socket? _heldDumpConnection;

    public RealUpsdFakeDriverStandIn(string socketPath)
    {
        SocketPath = socketPath;
        File.Delete(socketPath);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        _listener.Listen(4);
        foreach (var line in DumpLines())
        {
            if (line.StartsWith("SETINFO ", StringComparison.Ordinal)) _knownVariables.Add(line.Split(' ')[1]);
        }
        _ = AcceptLoopAsync();
    }

    public string SocketPath { get; }

    public void SendDataStale() => SendLine("DATASTALE");

    public void SendDataOk() => SendLine("DATAOK");

    public void CloseConnection()
    {
        lock (_gate)
        {
            _connection?.Close();
            _connection = null;
        }
    }

    public void DelayNextDump()
    {
        lock (_gate) _delayNextDump = true;
    }

    public void ReleaseDump()
    {
        Socket? held;
        lock (_gate)
        {
            held = _heldDumpConnection;
            _heldDumpConnection = null;
        }
        if (held is not null) SendDump(held);
    }

    public void SendLine(string line)
    {
        lock (_gate)
        {
            if (_connection is not null) Send(_connection, line);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        CloseConnection();
        File.Delete(SocketPath);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket accepted;
            try { accepted = await _listener.AcceptAsync(_stop.Token); }
            catch (Exception) { return; }
            lock (_gate)
            {
                _connection?.Close();
                _connection = accepted;
            }
            _ = ServeAsync(accepted);
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        var buffer = new byte[4096];
        var pending = new StringBuilder();
        try
        {
            while (true)
            {
                int read = await connection.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0) return;
                pending.Append(Encoding.Latin1.GetString(buffer, 0, read));
                for (int newline; (newline = pending.ToString().IndexOf('\n')) >= 0;)
                {
                    string line = pending.ToString(0, newline);
                    pending.Remove(0, newline + 1);
                    Handle(connection, SplitWords(line));
                }
            }
        }
        catch (Exception)
        {
            // The server or a test closed the connection; the accept loop keeps serving.
        }
    }

    private void Handle(Socket connection, List<string> words)
    {
        if (words.Count == 0) return;
        string? trackingId = words.Count >= 3 && words[^2].Equals("TRACKING", StringComparison.OrdinalIgnoreCase) ? words[^1] : null;
        switch (words[0].ToUpperInvariant())
        {
            case "PING":
                Send(connection, "PONG");
                break;
            case "DUMPALL":
                lock (_gate)
                {
                    if (_delayNextDump)
                    {
                        _delayNextDump = false;
                        _heldDumpConnection = connection;
                        return;
                    }
                }
                SendDump(connection);
                break;
            case "SET" when words.Count >= 3:
                bool known = _knownVariables.TryGetValue(words[1], out string? name);
                if (known) Send(connection, $"SETINFO {name} \"{Escape(words[2])}\"");
                if (trackingId is not null) Send(connection, $"TRACKING {trackingId} {(known ? 0 : 2)}");
                break;
            case "INSTCMD" when words.Count >= 2 && trackingId is not null:
                int? status = words[1].ToLowerInvariant() switch
                {
                    "cmd.unknown" => 1,
                    "cmd.invalid" => 2,
                    "cmd.failed" => 3,
                    "cmd.conversion" => 4,
                    "cmd.pending" => null,
                    _ => 0,
                };
                if (status is not null) Send(connection, $"TRACKING {trackingId} {status}");
                break;
        }
    }

    private static void Send(Socket connection, string line)
    {
        try { connection.Send(Encoding.Latin1.GetBytes(line + "\n")); }
        catch (Exception) { /* connection already gone */ }
    }

    private static void SendDump(Socket connection)
    {
        Send(connection, string.Join("\n", DumpLines()));
    }

    private static string Escape(string raw) =>
        raw.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("#", "\\#");

    /// <summary>The section 16 state, deliberately not in sorted order, ending with DATAOK and DUMPDONE.</summary>
    private static IEnumerable<string> DumpLines()
    {
        string[] setinfo =
        [
            "ups.status \"OL\"", "Zeta.Var \"last\"", "alpha.var \"first\"",
            "ups.mfr \"Fake \\\"Corp\\\" \\\\ \\#1\"", "ups.model \"FakeUPS 3000\"", "battery.charge \"100\"",
        ];
        foreach (var s in setinfo) yield return "SETINFO " + s;
        yield return "SETINFO battery.charge.low \"10\"";
        yield return "ADDRANGE battery.charge.low 5 50";
        yield return "SETFLAGS battery.charge.low RW NUMBER";
        yield return "SETINFO input.transfer.low \"100\"";
        foreach (var v in new[] { "103", "95", "100", "98" }) yield return $"ADDENUM input.transfer.low \"{v}\"";
        yield return "SETFLAGS input.transfer.low RW";
        yield return "SETINFO input.transfer.high \"130\"";
        foreach (var r in new[] { "120 130", "135 140", "120 150", "200 140" }) yield return $"ADDRANGE input.transfer.high {r}";
        yield return "SETFLAGS input.transfer.high RW NUMBER";
        yield return "SETINFO ups.id \"fake1\"";
        yield return "SETAUX ups.id 8";
        yield return "SETFLAGS ups.id RW STRING";
        yield return "SETINFO ups.delay.shutdown \"20\"";
        yield return "SETFLAGS ups.delay.shutdown RW";
        yield return "SETINFO ups.beeper.status \"enabled\"";
        foreach (var v in new[] { "enabled", "disabled", "say \\\"hi\\\"", "enabled" }) yield return $"ADDENUM ups.beeper.status \"{v}\"";
        yield return "SETAUX ups.beeper.status 16";
        yield return "SETFLAGS ups.beeper.status RW STRING";
        yield return "SETINFO output.voltage.nominal \"230\"";
        foreach (var v in new[] { "230", "240", "220" }) yield return $"ADDENUM output.voltage.nominal \"{v}\"";
        yield return "ADDRANGE output.voltage.nominal 200 250";
        yield return "SETFLAGS output.voltage.nominal RW";
        yield return "SETINFO ups.test.result \"No test initiated\"";
        yield return "SETAUX ups.test.result 32";
        yield return "SETFLAGS ups.test.result STRING";
        yield return "SETINFO ups.empty \"\"";
        yield return "SETINFO ups.badaux \"x\"";
        yield return "SETFLAGS ups.badaux RW STRING";
        yield return "SETINFO ups_under.score \"u\"";
        foreach (var c in new[] { "test.battery.start", "load.off", "Beeper.Toggle", "load.on", "cmd.failed", "cmd.invalid", "cmd.unknown", "cmd.pending", "cmd.conversion", "shutdown.return" })
            yield return "ADDCMD " + c;
        yield return "DATAOK";
        yield return "DUMPDONE";
    }

    /// <summary>Just enough of NUT's word splitting for what upsd sends: spaces, quotes, backslashes.</summary>
    private static List<string> SplitWords(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false, inQuotes = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c == '\\' && i + 1 < line.Length) { word.Append(line[++i]); inWord = true; }
            else if (c == '"') { inQuotes = !inQuotes; inWord = true; }
            else if (!inQuotes && char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else { word.Append(c); inWord = true; }
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }
}
