using System.Collections.Concurrent;
using System.Net;
using System.Runtime.InteropServices;
using NutSharp.Server.Commands;
using NutSharp.Server.Interop;

namespace NutSharp.Server;

/// <summary>
/// One thread waiting on one epoll set, as upsd's main loop waits on poll(): it accepts (on the
/// first loop), reads, runs requests and writes, all inline. Each ready socket costs one recv and
/// one send, and one epoll_wait serves every socket that became ready together. Other threads talk
/// to a loop only through <see cref="Post"/>, which wakes it with an eventfd.
/// </summary>
internal sealed unsafe class EventLoop : IDisposable
{
    private const ulong WakeData = ulong.MaxValue;
    private const ulong ListenerTag = 1UL << 40;
    private const int MaxEvents = 256;
    private const int ReceiveBufferSize = 16 * 1024;

    private readonly NutServer _server;
    private readonly int _epoll;
    private readonly int _wake;
    private readonly Thread _thread;
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly List<ClientConnection?> _slots = [];
    private readonly Stack<int> _freeSlots = new();
    private readonly List<int> _listeners = [];
    private bool _listening;
    private volatile bool _stopping;
    private long _lastSweep = Environment.TickCount64;

    public EventLoop(NutServer server, int index)
    {
        _server = server;
        _epoll = Epoll.Create();
        _wake = EventFd.Create();
        if (_epoll < 0 || _wake < 0) throw new InvalidOperationException("cannot create an event loop: " + Marshal.GetLastPInvokeErrorMessage());
        Epoll.Control(_epoll, Epoll.EPOLL_CTL_ADD, _wake, Epoll.EPOLLIN, WakeData);
        _thread = new Thread(Run) { IsBackground = true, Name = "nut-loop-" + index };
    }

    public CommandProcessor Processor => _server.Processor;

    public void Start() => _thread.Start();

    /// <summary>Runs <paramref name="action"/> on the loop's thread.</summary>
    public void Post(Action action)
    {
        if (_stopping) return; // its eventfd may be closed and the number reused
        _posted.Enqueue(action);
        EventFd.Signal(_wake);
    }

    /// <summary>Makes this loop accept on these listening sockets (call before <see cref="Start"/>).</summary>
    public void AddListeners(IEnumerable<int> fds)
    {
        _listeners.AddRange(fds);
        SetListening(true);
    }

    /// <summary>MAXCONN: while full, the listeners leave the epoll set and the kernel queues newcomers, as with upsd.</summary>
    public void SetListening(bool on)
    {
        if (_listening == on) return;
        _listening = on;
        for (int i = 0; i < _listeners.Count; i++)
        {
            if (on) Epoll.Control(_epoll, Epoll.EPOLL_CTL_ADD, _listeners[i], Epoll.EPOLLIN, ListenerTag + (ulong)i);
            else Epoll.Control(_epoll, Epoll.EPOLL_CTL_DEL, _listeners[i], 0, 0);
        }
    }

    /// <summary>Takes over an accepted socket (on the loop's thread).</summary>
    public void Adopt(int fd, IPAddress? peer)
    {
        int slot;
        if (_freeSlots.Count > 0) slot = _freeSlots.Pop();
        else { slot = _slots.Count; _slots.Add(null); }
        var session = new Session(_server.NextConnectionId(), peer?.ToString() ?? "unknown");
        var connection = new ClientConnection(this, fd, slot, session);
        _slots[slot] = connection;
        Sockets.SetNoDelay(fd);
        if (Epoll.Control(_epoll, Epoll.EPOLL_CTL_ADD, fd, Epoll.EPOLLIN | Epoll.EPOLLRDHUP, (ulong)slot) != 0) Close(connection);
    }

    public void WatchWritable(ClientConnection connection, bool writable)
        => Epoll.Control(_epoll, Epoll.EPOLL_CTL_MOD, connection.Fd, writable ? Epoll.EPOLLOUT : Epoll.EPOLLIN | Epoll.EPOLLRDHUP, (ulong)connection.Slot);

    public void Close(ClientConnection connection)
    {
        if (connection.IsClosed) return;
        Epoll.Control(_epoll, Epoll.EPOLL_CTL_DEL, connection.Fd, 0, 0);
        connection.Release();
        _slots[connection.Slot] = null;
        _freeSlots.Push(connection.Slot);
        _server.ConnectionClosed();
    }

    /// <summary>Closes every connection matching <paramref name="predicate"/> (on the loop's thread).</summary>
    public void CloseWhere(Func<Session, bool> predicate)
    {
        foreach (var c in _slots.ToList())
            if (c is not null && predicate(c.Session)) Close(c);
    }

    private void Run()
    {
        byte* events = (byte*)NativeMemory.Alloc((nuint)(Epoll.EventSize * MaxEvents));
        byte* buffer = (byte*)NativeMemory.Alloc(ReceiveBufferSize);
        try
        {
            while (!_stopping)
            {
                int n = Epoll.Wait(_epoll, events, MaxEvents, 1000);
                for (int i = 0; i < n; i++)
                {
                    ulong data = Epoll.DataAt(events, i);
                    uint flags = Epoll.EventsAt(events, i);
                    if (data == WakeData) RunPosted();
                    else if (data >= ListenerTag) AcceptAll(_listeners[(int)(data - ListenerTag)]);
                    else if ((int)data < _slots.Count && _slots[(int)data] is { } connection)
                    {
                        if ((flags & Epoll.EPOLLOUT) != 0) connection.OnWritable();
                        if (!connection.IsClosed && (flags & (Epoll.EPOLLIN | Epoll.EPOLLHUP | Epoll.EPOLLERR | Epoll.EPOLLRDHUP)) != 0)
                            connection.OnReadable(buffer, ReceiveBufferSize);
                    }
                }
                long now = Environment.TickCount64;
                if (now - _lastSweep >= 1000)
                {
                    _lastSweep = now;
                    DropIdleClients(now);
                    if (_listeners.Count > 0) _server.GiveMemoryBackAfterStorm();
                }
            }
        }
        finally
        {
            foreach (var c in _slots) if (c is not null) { c.Release(); _server.ConnectionClosed(); }
            _slots.Clear();
            NativeMemory.Free(events);
            NativeMemory.Free(buffer);
        }
    }

    private void RunPosted()
    {
        EventFd.Drain(_wake);
        while (_posted.TryDequeue(out var action)) action();
    }

    private void AcceptAll(int listener)
    {
        while (_listening)
        {
            if (!_server.TryReserveConnection())
            {
                SetListening(false);
                return;
            }
            int fd = Sockets.Accept(listener, out var peer);
            if (fd < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                _server.Unreserve();
                if (errno is Sockets.EMFILE or Sockets.ENFILE)
                {
                    // Out of descriptors: the listener stays readable, so stop watching it for a moment
                    // instead of spinning, and keep serving the clients we have.
                    _server.LogAcceptFailure(Marshal.GetPInvokeErrorMessage(errno));
                    SetListening(false);
                    _ = Task.Delay(100).ContinueWith(_ => Post(() => SetListening(true)), TaskScheduler.Default);
                }
                return; // EAGAIN: nothing more queued; other errors: the client went before we took it
            }
            _server.Assign(this, fd, peer);
        }
    }

    private void DropIdleClients(long now)
    {
        long limit = _server.Options.IdleTimeoutSeconds * 1000L;
        for (int i = 0; i < _slots.Count; i++)
            if (_slots[i] is { } c && now - c.LastHeard > limit) Close(c);
    }

    public void Dispose()
    {
        _stopping = true;
        EventFd.Signal(_wake);
        if (_thread.IsAlive) _thread.Join();
        Sockets.Close(_wake);
        Sockets.Close(_epoll);
    }
}
