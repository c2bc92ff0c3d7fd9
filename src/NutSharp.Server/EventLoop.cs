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
/// to a loop only through <see cref="Post"/> and <see cref="Hand"/>, which wake it with an eventfd.
/// An exception while serving one client closes that client; the loop goes on with the others.
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
    private readonly Lock _wakeLock = new();
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly ConcurrentQueue<(int Fd, IPAddress? Peer)> _handedOver = new();
    private readonly List<ClientConnection?> _slots = [];
    private readonly Stack<int> _freeSlots = new();
    private readonly List<int> _listeners = [];
    private readonly List<ClientConnection> _holding = [];
    private bool _listening;
    private volatile bool _stopping;
    private bool _disposed;
    private long _lastSweep = Environment.TickCount64;

    /// <summary>Creates the epoll set and the wake-up eventfd; on failure closes what it made and throws with the system's reason.</summary>
    public EventLoop(NutServer server, int index)
    {
        _server = server;
        _epoll = Epoll.Create();
        if (_epoll < 0) throw new InvalidOperationException("cannot create an event loop: epoll_create1: " + Marshal.GetLastPInvokeErrorMessage());
        _wake = EventFd.Create();
        if (_wake < 0)
        {
            string error = Marshal.GetLastPInvokeErrorMessage();
            Sockets.Close(_epoll);
            throw new InvalidOperationException("cannot create an event loop: eventfd: " + error);
        }
        if (Epoll.Control(_epoll, Epoll.EPOLL_CTL_ADD, _wake, Epoll.EPOLLIN, WakeData) != 0)
        {
            string error = Marshal.GetLastPInvokeErrorMessage();
            Sockets.Close(_wake);
            Sockets.Close(_epoll);
            throw new InvalidOperationException("cannot create an event loop: epoll_ctl: " + error);
        }
        _thread = new Thread(Run) { IsBackground = true, Name = "nut-loop-" + index };
    }

    public CommandProcessor Processor => _server.Processor;

    /// <summary>
    /// Requests served by this loop, by <see cref="Verb"/> (for /metrics). Written only by the
    /// loop's thread, so counting costs a plain increment; readers sum the loops with Volatile.Read.
    /// </summary>
    public long[] RequestCounts { get; } = new long[Enum.GetValues<Verb>().Length];

    public void Start() => _thread.Start();

    /// <summary>Runs <paramref name="action"/> on the loop's thread; dropped once the loop is stopping.</summary>
    public void Post(Action action)
    {
        // Under the lock, so Dispose cannot close the eventfd between the check and the signal
        // (its number could already belong to another file, which would receive the 8 bytes).
        lock (_wakeLock)
        {
            if (_stopping) return;
            _posted.Enqueue(action);
            EventFd.Signal(_wake);
        }
    }

    /// <summary>
    /// Gives this loop an accepted socket (from the accepting loop's thread). Unlike a posted action
    /// it is never dropped: a loop that is stopping closes it, so no descriptor is lost.
    /// </summary>
    public void Hand(int fd, IPAddress? peer)
    {
        lock (_wakeLock)
        {
            if (!_stopping)
            {
                _handedOver.Enqueue((fd, peer));
                EventFd.Signal(_wake);
                return;
            }
        }
        CloseDescriptor(fd, "a connection handed to a stopping loop");
        _server.Unreserve();
    }

    /// <summary>Makes this loop accept on these listening sockets (call before <see cref="Start"/>); throws when epoll refuses them.</summary>
    public void AddListeners(IEnumerable<int> fds)
    {
        _listeners.AddRange(fds);
        for (int i = 0; i < _listeners.Count; i++)
            if (Epoll.Control(_epoll, Epoll.EPOLL_CTL_ADD, _listeners[i], Epoll.EPOLLIN, ListenerTag + (ulong)i) != 0)
                throw new InvalidOperationException("cannot watch a listening socket: epoll_ctl: " + Marshal.GetLastPInvokeErrorMessage());
        _listening = true;
    }

    /// <summary>MAXCONN: while full, the listeners leave the epoll set and the kernel queues newcomers, as with upsd.</summary>
    public void SetListening(bool on)
    {
        if (_listening == on) return;
        _listening = on;
        for (int i = 0; i < _listeners.Count; i++)
        {
            if (on)
            {
                if (Epoll.Control(_epoll, Epoll.EPOLL_CTL_ADD, _listeners[i], Epoll.EPOLLIN, ListenerTag + (ulong)i) == 0) continue;
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Sockets.EEXIST) continue;
                // Not watching a listener means accepting nobody: say so and try again shortly.
                _server.LogLoopError("cannot watch a listening socket, retrying in a second: epoll_ctl: " + Marshal.GetPInvokeErrorMessage(errno));
                _listening = false;
                ResumeListeningAfter(1000);
                return;
            }
            // ENOENT: it was not in the set (a failed re-add above); nothing to take out.
            if (Epoll.Control(_epoll, Epoll.EPOLL_CTL_DEL, _listeners[i], 0, 0) != 0 && Marshal.GetLastPInvokeError() != Sockets.ENOENT)
                _server.LogLoopError("cannot stop watching a listening socket: epoll_ctl: " + Marshal.GetLastPInvokeErrorMessage());
        }
    }

    private void ResumeListeningAfter(int milliseconds)
        => _ = Task.Delay(milliseconds).ContinueWith(_ => Post(() => SetListening(true)), TaskScheduler.Default);

    /// <summary>Takes over an accepted socket (on the loop's thread).</summary>
    public void Adopt(int fd, IPAddress? peer)
    {
        ClientConnection connection;
        try
        {
            int slot;
            if (_freeSlots.Count > 0) slot = _freeSlots.Pop();
            else { slot = _slots.Count; _slots.Add(null); }
            var session = new Session(_server.NextConnectionId(), peer?.ToString() ?? "unknown");
            connection = new ClientConnection(this, fd, slot, session);
            _slots[slot] = connection;
        }
        catch
        {
            CloseDescriptor(fd, "a connection that could not be set up");
            _server.ConnectionClosed();
            throw;
        }
        // A failure here only costs latency (Nagle); the connection works either way.
        Sockets.SetNoDelay(fd);
        if (Epoll.Control(_epoll, Epoll.EPOLL_CTL_ADD, fd, Epoll.EPOLLIN | Epoll.EPOLLRDHUP, (ulong)connection.Slot) != 0)
        {
            _server.LogClientError(connection.Session.Address, "cannot watch the connection: epoll_ctl: " + Marshal.GetLastPInvokeErrorMessage());
            Close(connection);
        }
    }

    /// <summary>Switches a connection between waiting to read and waiting to write; false (and closed) when epoll refuses.</summary>
    public bool WatchWritable(ClientConnection connection, bool writable)
    {
        if (Epoll.Control(_epoll, Epoll.EPOLL_CTL_MOD, connection.Fd, writable ? Epoll.EPOLLOUT : Epoll.EPOLLIN | Epoll.EPOLLRDHUP, (ulong)connection.Slot) == 0)
            return true;
        // Left as it was, the connection would wait for an event that never comes.
        _server.LogClientError(connection.Session.Address, "cannot change what the connection waits for: epoll_ctl: " + Marshal.GetLastPInvokeErrorMessage());
        Close(connection);
        return false;
    }

    public void Close(ClientConnection connection)
    {
        if (connection.IsClosed) return;
        // Closing the socket would take it out of the set only if no other descriptor shares it
        // (a child between fork and exec briefly holds copies), and its slot may be reused at once.
        Epoll.Control(_epoll, Epoll.EPOLL_CTL_DEL, connection.Fd, 0, 0);
        if (connection.HoldingIndex >= 0) StopHolding(connection);
        try
        {
            connection.Release();
        }
        finally
        {
            // Even if undoing the session throws, the slot and the MAXCONN count are given back.
            _slots[connection.Slot] = null;
            _freeSlots.Push(connection.Slot);
            _server.ConnectionClosed();
        }
    }

    /// <summary>Closes a descriptor; a failure other than EINTR (after which Linux has closed it anyway) means a bug, so it is logged.</summary>
    public void CloseDescriptor(int fd, string what)
    {
        if (Sockets.Close(fd) == 0) return;
        int errno = Marshal.GetLastPInvokeError();
        if (errno != Sockets.EINTR) _server.LogLoopError($"close of {what} failed: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    /// <summary>
    /// A connection's socket is full and it holds <paramref name="bytes"/> of replies (and unread
    /// requests). Called when a send would block, not per reply; past the server's budget the
    /// connections of this loop that hold the most are closed, possibly this one.
    /// </summary>
    public void Holds(ClientConnection connection, int bytes)
    {
        if (connection.HoldingIndex < 0)
        {
            connection.HoldingIndex = _holding.Count;
            _holding.Add(connection);
        }
        int delta = bytes - connection.HeldBytes;
        if (delta == 0) return;
        connection.HeldBytes = bytes;
        long limit = _server.OutputBudgetBytes;
        if (_server.Budget.Add(delta) > limit) Shed(connection, limit);
    }

    /// <summary>A connection's replies have all gone (or it is closing): it holds nothing any more.</summary>
    public void StopHolding(ClientConnection connection)
    {
        int index = connection.HoldingIndex;
        var last = _holding[^1];
        _holding[index] = last;
        last.HoldingIndex = index;
        _holding.RemoveAt(_holding.Count - 1);
        connection.HoldingIndex = -1;
        long bytes = connection.HeldBytes;
        connection.HeldBytes = 0;
        if (bytes != 0) _server.Budget.Give(bytes, _server.OutputBudgetBytes);
    }

    /// <summary>
    /// Closes this loop's connections that hold the most until the total is within the limit; on a
    /// tie, the one that pushed the total over goes first (as upsd drops the client whose write fell
    /// short). Each loop sheds only its own connections (no cross-thread closing); since the
    /// connection that pushed the total over is one of them, the total always ends within the limit.
    /// </summary>
    private void Shed(ClientConnection pushing, long limit)
    {
        _server.Budget.StartShedding(limit);
        while (_server.Budget.Held > limit && _holding.Count > 0)
        {
            var worst = pushing.IsClosed ? _holding[0] : pushing;
            foreach (var c in _holding) if (c.HeldBytes > worst.HeldBytes) worst = c;
            _server.Budget.Closed(worst.Session.Address, worst.HeldBytes);
            Close(worst);
        }
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
                if (n < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == Sockets.EINTR) continue;
                    // Only a broken epoll descriptor gets here; retrying would spin.
                    _server.LogLoopError("the event loop stops: epoll_wait: " + Marshal.GetPInvokeErrorMessage(errno));
                    break;
                }
                try
                {
                    for (int i = 0; i < n; i++)
                    {
                        ulong data = Epoll.DataAt(events, i);
                        uint flags = Epoll.EventsAt(events, i);
                        if (data == WakeData) RunPosted();
                        else if (data >= ListenerTag) AcceptAll(_listeners[(int)(data - ListenerTag)]);
                        else if ((int)data < _slots.Count && _slots[(int)data] is { } connection) Serve(connection, flags, buffer);
                    }
                    long now = Environment.TickCount64;
                    if (now - _lastSweep >= 1000)
                    {
                        _lastSweep = now;
                        DropIdleClients(now);
                        if (_listeners.Count > 0) _server.GiveMemoryBackAfterStorm();
                    }
                }
                catch (Exception e)
                {
                    // Not a client's request (those are caught in Serve): a posted action or an
                    // accept failed. The events left in this batch are reported again (level-triggered).
                    _server.LogLoopError("the event loop caught an error and goes on", e);
                }
            }
        }
        finally
        {
            foreach (var c in _slots)
                if (c is not null)
                {
                    if (c.HoldingIndex >= 0) StopHolding(c);
                    c.Release();
                    _server.ConnectionClosed();
                }
            _slots.Clear();
            NativeMemory.Free(events);
            NativeMemory.Free(buffer);
        }
    }

    /// <summary>One ready client socket. Whatever goes wrong serving it (a driver throwing from SET, a bug) closes it alone.</summary>
    private void Serve(ClientConnection connection, uint flags, byte* buffer)
    {
        try
        {
            if ((flags & Epoll.EPOLLOUT) != 0) connection.OnWritable();
            if (!connection.IsClosed && (flags & (Epoll.EPOLLIN | Epoll.EPOLLHUP | Epoll.EPOLLERR | Epoll.EPOLLRDHUP)) != 0)
                connection.OnReadable(buffer, ReceiveBufferSize);
        }
        catch (Exception e)
        {
            // The request line is not logged: it may be a PASSWORD. Whatever was answered but not
            // yet sent goes with the connection.
            _server.LogRequestFailure(connection.Session.Address, e);
            Close(connection);
        }
    }

    private void RunPosted()
    {
        EventFd.Drain(_wake);
        while (_handedOver.TryDequeue(out var handed)) Adopt(handed.Fd, handed.Peer);
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
                    ResumeListeningAfter(100);
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

    /// <summary>Stops the thread (its connections are closed as it ends), then closes what is left: sockets handed over too late, the eventfd, the epoll set.</summary>
    public void Dispose()
    {
        lock (_wakeLock)
        {
            if (_disposed) return;
            _disposed = true;
            _stopping = true;
            EventFd.Signal(_wake);
        }
        if (_thread.IsAlive) _thread.Join();
        while (_handedOver.TryDequeue(out var handed))
        {
            CloseDescriptor(handed.Fd, "a connection handed to a stopping loop");
            _server.Unreserve();
        }
        CloseDescriptor(_wake, "an event loop's eventfd");
        CloseDescriptor(_epoll, "an event loop's epoll set");
    }
}
