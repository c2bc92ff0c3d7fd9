using System.Text;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests;

/// <summary>
/// Replays one <see cref="SpecCase"/> against one server and compares every reply byte for byte.
/// Keeps a transcript so a failure shows the whole exchange, expected against received.
/// </summary>
public sealed class SpecCaseRunner(INutServerUnderTest server) : IAsyncDisposable
{
    /// <summary>Generous: a reply that does not come within this is a failure, not a slow server.</summary>
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(40);

    private readonly Dictionary<string, SpecConnection> _connections = [];
    private readonly StringBuilder _transcript = new();
    private readonly List<byte> _pendingSend = [];
    private string _current = "main";

    public string Transcript => _transcript.ToString();

    public async Task RunAsync(SpecCase specCase, CancellationToken cancellationToken)
    {
        foreach (var step in specCase.Steps)
        {
            if (step.OnlyFor is not null && step.OnlyFor != server.Kind) continue;
            if (step.Kind != SpecStepKind.Send) await FlushAsync(cancellationToken);
            switch (step.Kind)
            {
                case SpecStepKind.Send:
                    _pendingSend.AddRange(step.Bytes);
                    break;
                case SpecStepKind.Expect:
                    if (step.OnlyFor is null || step.OnlyFor == server.Kind) await ExpectAsync(step, cancellationToken);
                    break;
                case SpecStepKind.Directive:
                    await RunDirectiveAsync(step, cancellationToken);
                    break;
            }
        }
        await FlushAsync(cancellationToken);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pendingSend.Count == 0) return;
        byte[] bytes = [.. _pendingSend];
        _pendingSend.Clear();
        Log($"[{_current}] C> {Show(bytes)}");
        await (await CurrentAsync(cancellationToken)).SendAsync(bytes, cancellationToken);
    }

    private async Task ExpectAsync(SpecStep step, CancellationToken cancellationToken)
    {
        var connection = await CurrentAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReplyTimeout);
        byte[]? line;
        try { line = await connection.ReadLineAsync(timeout.Token); }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Fail(step, $"no reply line within {ReplyTimeout.TotalSeconds} s (received so far: {Show(Encoding.Latin1.GetBytes(connection.Unconsumed))})");
            return;
        }
        if (line is null) Fail(step, $"connection closed by the server (unterminated tail: {Show(Encoding.Latin1.GetBytes(connection.Unconsumed))})");
        string got = Encoding.Latin1.GetString(line!);
        Log($"[{_current}] S< {Show(line!)}");
        bool matches = step.Pattern is not null ? step.Pattern.IsMatch(got) : line!.AsSpan().SequenceEqual(step.Bytes);
        if (!matches) Fail(step, $"expected {(step.Pattern is not null ? "/" + step.Pattern + "/" : Show(step.Bytes))}\n      got {Show(line!)}");
    }

    private async Task RunDirectiveAsync(SpecStep step, CancellationToken cancellationToken)
    {
        string[] w = step.Words;
        Log($"@ {string.Join(' ', w)}");
        switch (w[0])
        {
            case "conn":
                _current = w[1];
                if (!_connections.ContainsKey(_current))
                    _connections[_current] = await SpecConnection.OpenAsync(w.Length > 2 ? w[2] : server.Host, server.Port, cancellationToken);
                break;
            case "new-connection":
                CloseCurrent();
                await CurrentAsync(cancellationToken);
                break;
            case "close":
                CloseCurrent();
                break;
            case "half-close":
                (await CurrentAsync(cancellationToken)).HalfClose();
                break;
            case "expect-close":
                await ExpectCloseAsync(step, cancellationToken);
                break;
            case "user":
                await LogInAsUserAsync(step, w[1], string.Join(' ', w[2..]), cancellationToken);
                break;
            case "fake":
                ControlFakeDriver(step, w[1]);
                break;
            case "driver-stop":
                await server.StopDriverAsync(w[1], cancellationToken);
                break;
            case "driver-start":
                await server.StartDriverAsync(w[1], cancellationToken);
                break;
            case "wait-status":
                await WaitForReplyAsync(step, $"GET VAR {w[1]} ups.status", $"VAR {w[1]} ups.status \"{string.Join(' ', w[2..])}\"", cancellationToken);
                break;
            case "wait":
                string[] parts = string.Join(' ', w[1..]).Split(" => ", 2);
                if (parts.Length != 2) Fail(step, "expected '@wait <request> => <reply>'");
                await WaitForReplyAsync(step, parts[0], parts[1], cancellationToken);
                break;
            case "wait-here":
                string[] here = string.Join(' ', w[1..]).Split(" => ", 2);
                if (here.Length != 2) Fail(step, "expected '@wait-here <request> => <reply>'");
                await WaitOnCurrentConnectionAsync(step, here[0], here[1], cancellationToken);
                break;
            case "pause":
                await Task.Delay(int.Parse(w[1], System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
                break;
            default:
                Fail(step, $"unknown directive @{w[0]}");
                break;
        }
    }

    private async Task LogInAsUserAsync(SpecStep step, string user, string password, CancellationToken cancellationToken)
    {
        var connection = await CurrentAsync(cancellationToken);
        string quoted = password.Contains(' ') ? $"\"{password}\"" : password;
        byte[] request = Encoding.ASCII.GetBytes($"USERNAME {user}\nPASSWORD {quoted}\n");
        Log($"[{_current}] C> {Show(request)}");
        await connection.SendAsync(request, cancellationToken);
        for (int i = 0; i < 2; i++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ReplyTimeout);
            byte[]? line = await connection.ReadLineAsync(timeout.Token);
            Log($"[{_current}] S< {(line is null ? "<EOF>" : Show(line))}");
            if (line is null || Encoding.Latin1.GetString(line) != "OK") Fail(step, "USERNAME/PASSWORD not answered with OK");
        }
    }

    private async Task ExpectCloseAsync(SpecStep step, CancellationToken cancellationToken)
    {
        var connection = await CurrentAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReplyTimeout);
        bool closed;
        try { closed = await connection.ReadEndOfStreamAsync(timeout.Token); }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Fail(step, $"the server did not close the connection within {ReplyTimeout.TotalSeconds} s");
            return;
        }
        Log($"[{_current}] S< <EOF>");
        if (!closed) Fail(step, $"expected the server to close, but it sent {Show(Encoding.Latin1.GetBytes(connection.Unconsumed))}");
        CloseCurrent();
    }

    private void ControlFakeDriver(SpecStep step, string action)
    {
        var fake = server.FakeDriver;
        switch (action)
        {
            case "datastale": fake.SendDataStale(); break;
            case "dataok": fake.SendDataOk(); break;
            case "close": fake.CloseConnection(); break;
            case "delay-dump": fake.DelayNextDump(); break;
            case "release-dump": fake.ReleaseDump(); break;
            case "send": fake.SendLine(string.Join(' ', step.Words[2..])); break;
            default: Fail(step, $"unknown fake driver action '{action}'"); break;
        }
    }

    /// <summary>Polls on a side connection (not part of the transcript) until the reply matches.</summary>
    private async Task WaitForReplyAsync(SpecStep step, string request, string reply, CancellationToken cancellationToken)
    {
        string last = "";
        bool answered = await Wait.ForAsync(async () =>
        {
            try
            {
                using var side = await SpecConnection.OpenAsync(server.Host, server.Port, cancellationToken);
                await side.SendAsync(Encoding.ASCII.GetBytes(request + "\n"), cancellationToken);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(ReplyTimeout);
                byte[]? line = await side.ReadLineAsync(timeout.Token);
                last = line is null ? "<EOF>" : Encoding.Latin1.GetString(line);
                return last == reply;
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                last = e.Message;
                return false;
            }
        }, WaitTimeout, cancellationToken);
        if (!answered) Fail(step, $"'{request}' never answered '{reply}' within {WaitTimeout.TotalSeconds} s (last: '{last}')");
    }

    /// <summary>Polls on the case's own connection (for per-connection state such as tracking); only the last exchange is logged.</summary>
    private async Task WaitOnCurrentConnectionAsync(SpecStep step, string request, string reply, CancellationToken cancellationToken)
    {
        var connection = await CurrentAsync(cancellationToken);
        byte[]? line = null;
        string last = "";
        await Wait.ForAsync(async () =>
        {
            await connection.SendAsync(Encoding.ASCII.GetBytes(request + "\n"), cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ReplyTimeout);
            line = await connection.ReadLineAsync(timeout.Token);
            last = line is null ? "<EOF>" : Encoding.Latin1.GetString(line);
            // A closed connection will not answer later either: stop asking.
            return last == reply || line is null;
        }, WaitTimeout, cancellationToken);
        if (line is not null && last == reply)
        {
            Log($"[{_current}] C> {Show(Encoding.ASCII.GetBytes(request + "\n"))} (polled)");
            Log($"[{_current}] S< {Show(line)}");
            return;
        }
        Fail(step, $"'{request}' never answered '{reply}' within {WaitTimeout.TotalSeconds} s (last: '{last}')");
    }

    private async Task<SpecConnection> CurrentAsync(CancellationToken cancellationToken)
    {
        if (!_connections.TryGetValue(_current, out var connection))
        {
            connection = await SpecConnection.OpenAsync(server.Host, server.Port, cancellationToken);
            _connections[_current] = connection;
        }
        return connection;
    }

    private void CloseCurrent()
    {
        if (_connections.Remove(_current, out var connection)) connection.Dispose();
    }

    private void Log(string line) => _transcript.AppendLine(line);

    private void Fail(SpecStep step, string problem)
    {
        Log($"!! line {step.LineNumber}: {step.Text}");
        Log($"!! {problem}");
        throw new SpecCaseFailedException($"line {step.LineNumber} ({step.Text}): {problem}");
    }

    /// <summary>Bytes as a C-style string, so CR, NUL and high bytes are visible.</summary>
    public static string Show(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder("\"");
        foreach (byte b in bytes)
        {
            text.Append(b switch
            {
                (byte)'\n' => "\\n",
                (byte)'\r' => "\\r",
                (byte)'\t' => "\\t",
                (byte)'"' => "\\\"",
                (byte)'\\' => "\\\\",
                < 0x20 or >= 0x7F => $"\\x{b:X2}",
                _ => ((char)b).ToString(),
            });
        }
        return text.Append('"').ToString();
    }

    public ValueTask DisposeAsync()
    {
        foreach (var connection in _connections.Values) connection.Dispose();
        _connections.Clear();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A case's transcript did not match; the message names the line of the .case file.</summary>
public sealed class SpecCaseFailedException(string message) : Exception(message);
