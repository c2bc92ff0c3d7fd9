using System.Net.Sockets;
using System.Runtime.InteropServices;
using NutSharp.Protocol;

namespace NutSharp.Server;

/// <summary>
/// One client socket. Reading waits with a zero-byte receive, so an idle connection holds no
/// buffer; when bytes arrive they are read into a per-thread buffer, every complete line is run,
/// and all the replies of that read go out in one send. A client that does not read its replies
/// is not read from until they have gone (the output is bounded by what one read can ask for).
/// </summary>
/// <remarks>
/// Runs on the socket engine's threads (inline completions): nothing here may block. Only the
/// I/O path touches the parser and the output buffer; <see cref="Close"/> may come from any thread.
/// </remarks>
internal sealed class ClientConnection
{
    private const int ReceiveBufferSize = 16 * 1024;

    /// <summary>Past this much pending output, the rest of a read waits until the client has taken it.</summary>
    private const int OutputHighWater = 256 * 1024;

    [ThreadStatic] private static byte[]? t_receiveBuffer;

    private readonly NutServer _server;
    private readonly Socket _socket;
    private readonly SocketAsyncEventArgs _receiveArgs = new();
    private SocketAsyncEventArgs? _sendArgs;
    private readonly WordParser _parser = new();
    private readonly OutputBuffer _output = new();
    private byte[]? _pendingInput;
    private bool _skipToEndOfLine;
    private int _closed;
    private int _released;

    public ClientConnection(NutServer server, Socket socket, Session session)
    {
        _server = server;
        _socket = socket;
        Session = session;
        LastHeard = Environment.TickCount64;
        _receiveArgs.SetBuffer(Memory<byte>.Empty);
        _receiveArgs.Completed += (_, _) => { if (OnReadable()) ArmReceive(); };
    }

    public Session Session { get; }

    /// <summary>When the last complete request line arrived (the idle timeout counts from it).</summary>
    public long LastHeard { get; private set; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public void Start() => ArmReceive();

    /// <summary>Closes the socket; the I/O path notices and lets go of its buffers.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        try { _socket.Dispose(); } catch (ObjectDisposedException) { }
        Session.Closed();
        _server.Forget(this);
    }

    private void ArmReceive()
    {
        while (true)
        {
            if (IsClosed) { Release(); return; }
            bool pending;
            try { pending = _socket.ReceiveAsync(_receiveArgs); }
            catch (ObjectDisposedException) { Release(); return; }
            if (pending) return;
            if (!OnReadable()) return;
        }
    }

    /// <summary>The socket is readable (or failed). Returns true when the next receive should be armed.</summary>
    private bool OnReadable()
    {
        if (_receiveArgs.SocketError != SocketError.Success || IsClosed) return Fail();
        var buffer = t_receiveBuffer ??= new byte[ReceiveBufferSize];
        int n;
        SocketError error;
        try { n = _socket.Receive(buffer, 0, buffer.Length, SocketFlags.None, out error); }
        catch (ObjectDisposedException) { return Fail(); }
        if (error == SocketError.WouldBlock) return true;
        // EOF: upsd closes as soon as the client half-closes; an unterminated line is never run.
        if (error != SocketError.Success || n == 0) return Fail();
        return Process(buffer.AsSpan(0, n));
    }

    private bool Process(ReadOnlySpan<byte> input)
    {
        while (!input.IsEmpty)
        {
            if (_skipToEndOfLine)
            {
                int lf = input.IndexOf((byte)'\n');
                if (lf < 0) { input = default; break; }
                input = input[(lf + 1)..];
                _skipToEndOfLine = false;
                continue;
            }
            var ev = _parser.Feed(input, out int used);
            input = input[used..];
            if (ev == WordParserEvent.Line)
            {
                LastHeard = Environment.TickCount64;
                _server.Processor.Execute(Session, _parser, _output);
                if (_output.Count > OutputHighWater && !input.IsEmpty)
                {
                    _pendingInput = input.ToArray();
                    break;
                }
            }
            else if (ev == WordParserEvent.Error)
            {
                // A '#' inside quotes: like upsd, the line gets no reply. upsd also drops the rest of
                // its read buffer (pipelined requests included); NutSharp only drops the rest of this
                // line, so later requests are still answered (see protocol-spec, deliberate differences).
                _skipToEndOfLine = true;
            }
        }
        _parser.ReleaseIfIdle();
        return Flush();
    }

    /// <summary>Sends what is pending. True when all went out and reading can go on.</summary>
    private bool Flush()
    {
        while (_output.Count > 0)
        {
            int sent;
            SocketError error;
            try { sent = _socket.Send(_output.WrittenSpan, SocketFlags.None, out error); }
            catch (ObjectDisposedException) { return Fail(); }
            if (error == SocketError.Success) { _output.Consume(sent); continue; }
            if (error == SocketError.WouldBlock) return SendLater();
            return Fail();
        }
        _output.ReleaseIfEmpty();
        if (Session.CloseRequested)
        {
            // LOGOUT: every line of the same read has been answered; now the server closes.
            Close();
            Release();
            return false;
        }
        if (_pendingInput is { } pending)
        {
            _pendingInput = null;
            return Process(pending);
        }
        return true;
    }

    private bool SendLater()
    {
        if (_sendArgs is null)
        {
            _sendArgs = new SocketAsyncEventArgs();
            _sendArgs.Completed += (_, e) => { if (OnSent(e)) ArmReceive(); };
        }
        while (true)
        {
            _sendArgs.SetBuffer(MemoryMarshal.AsMemory(_output.WrittenMemory));
            bool pending;
            try { pending = _socket.SendAsync(_sendArgs); }
            catch (ObjectDisposedException) { return Fail(); }
            if (pending) return false;
            if (!OnSentSynchronously(_sendArgs, out bool rearm)) return rearm;
        }
    }

    private bool OnSent(SocketAsyncEventArgs e)
    {
        if (e.SocketError != SocketError.Success || e.BytesTransferred == 0 || IsClosed) return Fail();
        _output.Consume(e.BytesTransferred);
        return _output.Count > 0 ? SendLater() : Flush();
    }

    /// <summary>A send finished at once: keep looping while output remains, else finish as Flush does.</summary>
    private bool OnSentSynchronously(SocketAsyncEventArgs e, out bool rearm)
    {
        if (e.SocketError != SocketError.Success || e.BytesTransferred == 0 || IsClosed) { rearm = Fail(); return false; }
        _output.Consume(e.BytesTransferred);
        if (_output.Count > 0) { rearm = false; return true; }
        rearm = Flush();
        return false;
    }

    private bool Fail()
    {
        Close();
        Release();
        return false;
    }

    /// <summary>Hands the buffers back; only ever called from the I/O path, once.</summary>
    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0) return;
        _parser.StartNextLine();
        _parser.ReleaseIfIdle();
        _output.Clear();
        _output.ReleaseIfEmpty();
        _receiveArgs.Dispose();
        _sendArgs?.Dispose();
    }
}
