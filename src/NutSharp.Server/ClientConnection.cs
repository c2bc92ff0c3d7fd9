using System.Buffers;
using NutSharp.Protocol;
using NutSharp.Server.Interop;

namespace NutSharp.Server;

/// <summary>
/// One client socket, owned by one <see cref="EventLoop"/> and only ever touched on its thread.
/// When the socket is readable, one recv fills the loop's shared buffer, every complete line is
/// run, and all the replies of that read leave in one send. Buffers are rented for the read and
/// handed back after it (measured: keeping them per connection saved ~7% of user-space instructions
/// but left a 10,000-connection burst's worth of arrays behind), so an idle connection holds none.
/// A client that does not read its replies is not read from until they have gone; while its socket
/// is full, what it holds counts against the server's <see cref="OutputBudget"/>.
/// </summary>
internal sealed unsafe class ClientConnection
{
    /// <summary>Past this much pending output, the rest of a read waits until the client has taken it.</summary>
    private const int OutputHighWater = 256 * 1024;

    private readonly EventLoop _loop;
    private readonly WordParser _parser = new();
    private readonly OutputBuffer _output = new();
    private byte[]? _pendingInput;
    private int _pendingLength;
    private bool _skipToEndOfLine;
    private bool _waitingToWrite;
    private byte[]? _afterStartTls;

    public ClientConnection(EventLoop loop, int fd, int slot, Session session)
    {
        _loop = loop;
        Fd = fd;
        Slot = slot;
        Session = session;
        LastHeard = Environment.TickCount64;
    }

    public int Fd { get; private set; }

    /// <summary>This connection's index in its loop (the epoll data word).</summary>
    public int Slot { get; }

    public Session Session { get; }

    /// <summary>When the last complete request line arrived (the idle timeout counts from it).</summary>
    public long LastHeard { get; private set; }

    public bool IsClosed => Fd < 0;

    /// <summary>What this connection has counted in the server's output budget: 0 unless its socket is full.</summary>
    public int HeldBytes { get; set; }

    /// <summary>Its index in the loop's list of connections whose sockets are full; -1 when not in it.</summary>
    public int HoldingIndex { get; set; } = -1;

    /// <summary>The socket is readable, hung up or failed.</summary>
    public void OnReadable(byte* buffer, int size)
    {
        if (_waitingToWrite) return; // backpressure: read nothing more until the replies have gone
        nint n = Sockets.Recv(Fd, buffer, (nuint)size, 0);
        if (n < 0)
        {
            int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno is Sockets.EAGAIN or Sockets.EINTR) return;
            _loop.Close(this);
            return;
        }
        // EOF: upsd closes as soon as the client half-closes; an unterminated line is never run.
        if (n == 0) { _loop.Close(this); return; }
        Process(new ReadOnlySpan<byte>(buffer, (int)n));
    }

    public void OnWritable()
    {
        if (!_waitingToWrite) return;
        Flush();
    }

    private void Process(ReadOnlySpan<byte> input)
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
                _loop.RequestCounts[(int)_loop.Processor.Execute(Session, _parser, _output)]++;
                if (Session.StartTlsRequested)
                {
                    // What follows STARTTLS in this read is the client's TLS handshake, not requests.
                    _afterStartTls = input.ToArray();
                    break;
                }
                if (_output.Count > OutputHighWater && !input.IsEmpty)
                {
                    // Pooled, not a fresh copy: a client that never reads comes through here once per
                    // high-water mark, and fresh copies piled up as garbage (measured: ~100 KB per such
                    // client before a collection), memory beyond what the output budget counts.
                    _pendingInput = ArrayPool<byte>.Shared.Rent(input.Length);
                    _pendingLength = input.Length;
                    input.CopyTo(_pendingInput);
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
        Flush();
    }

    /// <summary>Sends what is pending; when the socket is full, waits for EPOLLOUT instead of reading.</summary>
    private void Flush()
    {
        if (IsClosed) return; // handed over to TLS while a pending batch was being run
        while (_output.Count > 0)
        {
            nint sent;
            fixed (byte* p = _output.WrittenSpan)
                sent = Sockets.Send(Fd, p, (nuint)_output.Count);
            if (sent >= 0) { _output.Consume((int)sent); continue; }
            int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno == Sockets.EINTR) continue;
            if (errno == Sockets.EAGAIN)
            {
                if (!_waitingToWrite)
                {
                    _waitingToWrite = true;
                    if (!_loop.WatchWritable(this, true)) return;
                }
                // Only here, when the socket is full, does the connection count what it holds (the
                // buffer it keeps, and the requests it has stopped reading); a client that reads its
                // replies never gets here, so the budget costs the request path nothing.
                _loop.Holds(this, _output.Capacity + (_pendingInput?.Length ?? 0));
                return;
            }
            _loop.Close(this);
            return;
        }
        if (_waitingToWrite)
        {
            _waitingToWrite = false;
            if (!_loop.WatchWritable(this, false)) return;
        }
        if (HoldingIndex >= 0) _loop.StopHolding(this);
        _output.ReleaseIfEmpty();
        if (Session.CloseRequested)
        {
            // LOGOUT: every line of the same read has been answered; now the server closes.
            _loop.Close(this);
            return;
        }
        if (Session.StartTlsRequested)
        {
            // OK STARTTLS has gone out in plain text: from here the connection talks TLS, off this loop.
            var afterStartTls = _afterStartTls;
            _afterStartTls = null;
            _loop.StartTls(this, afterStartTls);
            return;
        }
        if (_pendingInput is { } pending)
        {
            _pendingInput = null;
            // Whatever Process keeps of it for later, it copies first, so the array can go back after.
            Process(pending.AsSpan(0, _pendingLength));
            ArrayPool<byte>.Shared.Return(pending);
        }
    }

    /// <summary>
    /// Gives up the socket without closing it (it goes on as a TLS connection) and hands the buffers
    /// back; the session lives on with it. Returns the descriptor.
    /// </summary>
    public int Detach()
    {
        int fd = Fd;
        Fd = -1;
        ReleaseBuffers();
        return fd;
    }

    /// <summary>Closes the socket and hands the buffers back (the loop calls this once).</summary>
    public void Release()
    {
        if (Fd >= 0) _loop.CloseDescriptor(Fd, "a client socket");
        Fd = -1;
        ReleaseBuffers();
        Session.Closed();
    }

    private void ReleaseBuffers()
    {
        _parser.StartNextLine();
        _parser.ReleaseIfIdle();
        _output.Clear();
        _output.ReleaseIfEmpty();
        if (_pendingInput is { } pending) ArrayPool<byte>.Shared.Return(pending);
        _pendingInput = null;
    }
}
