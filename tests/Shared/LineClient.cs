using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NutSharp.Tests.Shared;

/// <summary>A raw NUT client for tests: sends bytes, reads reply lines, notices the server closing.</summary>
public sealed class LineClient : IDisposable
{
    private readonly Socket _socket;
    private readonly List<byte> _pending = [];
    private readonly byte[] _buffer = new byte[65536];

    public LineClient(IPEndPoint endpoint)
    {
        _socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _socket.Connect(endpoint);
        _socket.ReceiveTimeout = 10_000;
    }

    public LineClient(int port) : this(new IPEndPoint(IPAddress.Loopback, port)) { }

    public Socket Socket => _socket;

    public void Send(string text) => Send(Encoding.Latin1.GetBytes(text));

    public void Send(byte[] bytes)
    {
        int sent = 0;
        while (sent < bytes.Length) sent += _socket.Send(bytes, sent, bytes.Length - sent, SocketFlags.None);
    }

    /// <summary>The next reply line without its LF; null when the server closed the connection.</summary>
    public string? ReadLine(int timeoutMs = 10_000)
    {
        _socket.ReceiveTimeout = timeoutMs;
        while (true)
        {
            int lf = _pending.IndexOf((byte)'\n');
            if (lf >= 0)
            {
                var line = Encoding.Latin1.GetString(_pending.GetRange(0, lf).ToArray());
                _pending.RemoveRange(0, lf + 1);
                return line;
            }
            int n;
            try { n = _socket.Receive(_buffer); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { return null; }
            if (n == 0) return null;
            _pending.AddRange(_buffer.AsSpan(0, n).ToArray());
        }
    }

    /// <summary>Sends one request line and returns the first reply line.</summary>
    public string? Ask(string request)
    {
        Send(request + "\n");
        return ReadLine();
    }

    /// <summary>Sends a LIST request and returns every line up to END LIST (or the single ERR line).</summary>
    public List<string> AskList(string request)
    {
        Send(request + "\n");
        var lines = new List<string>();
        while (ReadLine() is { } line)
        {
            lines.Add(line);
            if (line.StartsWith("END LIST", StringComparison.Ordinal) || line.StartsWith("ERR ", StringComparison.Ordinal)) break;
        }
        return lines;
    }

    /// <summary>
    /// Sends one request line and returns its whole reply: the one reply line, or every line from
    /// BEGIN LIST through END LIST when the reply is a list. Empty when the server closed instead.
    /// </summary>
    public string[] AskReply(string request)
    {
        Send(request + "\n");
        if (ReadLine() is not { } first) return [];
        if (!first.StartsWith("BEGIN LIST ", StringComparison.Ordinal)) return [first];
        var lines = new List<string> { first };
        while (ReadLine() is { } line)
        {
            lines.Add(line);
            if (line.StartsWith("END LIST ", StringComparison.Ordinal)) break;
        }
        return [.. lines];
    }

    /// <summary>True when the server closes the connection within the timeout (any pending lines are skipped).</summary>
    public bool WaitForClose(int timeoutMs)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (Environment.TickCount64 < deadline)
        {
            try
            {
                var line = ReadLine((int)Math.Max(1, deadline - Environment.TickCount64));
                if (line is null) return true;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock)
            {
                return false;
            }
        }
        return false;
    }

    public void Dispose() => _socket.Dispose();
}
