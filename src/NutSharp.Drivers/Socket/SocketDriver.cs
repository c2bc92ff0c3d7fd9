using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using NutSharp.Devices;
using NutSharp.Protocol;

namespace NutSharp.Drivers.Socket;

/// <summary>
/// Bridges a real NUT driver process to a <see cref="Device"/> the way upsd 2.8.0 does: it
/// connects to the driver's Unix socket <c>&lt;StatePath&gt;/&lt;driver&gt;-&lt;ups&gt;</c>, asks for
/// <c>DUMPALL</c>, applies what the driver sends (each read as one batch, as upsd applies a whole
/// read before it serves clients again), pings it when it has been quiet, forwards SET and
/// INSTCMD, and reconnects (with a fresh dump) whenever the link is lost.
/// </summary>
public sealed class SocketDriver : DeviceDriver
{
    /// <summary>upsd reads 512 bytes at a time, and a parse error drops the rest of such a read.</summary>
    private const int ReadSize = 512;

    private static readonly byte[] DumpAllLine = "DUMPALL\n"u8.ToArray();
    private static readonly byte[] PingLine = "PING\n"u8.ToArray();
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A connection that ended sooner than this is not reconnected at once: a driver that accepts
    /// and hangs up in a loop must not make the bridge spin.
    /// </summary>
    private static readonly TimeSpan ShortLivedConnection = TimeSpan.FromSeconds(1);

    /// <summary>How often staleness and PING are looked at while the driver is silent (upsd: once per 2 s loop pass).</summary>
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(500);

    private readonly Lock _writeLock = new();
    private System.Net.Sockets.Socket? _connection; // guarded by _writeLock

    public SocketDriver(DriverContext context)
        : base(context)
    {
        SocketPath = Path.Combine(context.StatePath, $"{context.Section.Driver}-{context.Section.Name}");
    }

    /// <summary>The NUT driver behind the socket (ups.conf's <c>driver</c>); it publishes its own driver.* variables.</summary>
    public override string Name => Section.Driver ?? "";

    public override string InternalVersion => "";

    /// <summary>The driver's socket: <c>&lt;StatePath&gt;/&lt;driver&gt;-&lt;ups&gt;</c>.</summary>
    public string SocketPath { get; }

    public override async Task RunAsync(CancellationToken cancellationToken)
    {
        // One complaint per outage: a driver that is down for hours must not flood the log.
        bool outageReported = false;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (socket, failure) = await TryConnectAsync(cancellationToken).ConfigureAwait(false);
                if (socket is null)
                {
                    ShowFault(notConnected: true);
                    if (!outageReported)
                    {
                        Log.LogWarning("Can't connect to UPS [{Ups}] ({Path}): {Reason}", Device.Name, SocketPath, DescribeFailure(failure));
                        outageReported = true;
                    }
                    await Task.Delay(RetryInterval, Time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                Log.LogInformation("Connected to UPS [{Ups}]: {Path}", Device.Name, SocketPath);
                outageReported = false;
                long connectedAt = Time.GetTimestamp();
                string reason = await RunConnectionAsync(socket, cancellationToken).ConfigureAwait(false);
                ShowFault(notConnected: true);
                Log.LogWarning("Lost connection to UPS [{Ups}] ({Path}): {Reason}", Device.Name, SocketPath, reason);
                outageReported = true;
                // upsd reconnects at once when a driver closes its socket (and shows WAIT until the new dump);
                // only a connection that hardly lived waits first.
                if (Time.GetElapsedTime(connectedAt) < ShortLivedConnection)
                    await Task.Delay(RetryInterval, Time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            lock (_writeLock) DetachLocked();
            ShowFault(notConnected: true);
        }
    }

    /// <summary>Why the socket could not be reached, in words a NUT user acts on.</summary>
    private string DescribeFailure(string? failure)
    {
        // A missing socket file is the usual case (driver not started yet); say so plainly instead of
        // the socket layer's "Cannot assign requested address", and name the built-in alternative.
        if (File.Exists(SocketPath)) return failure ?? "unknown error";
        var reason = $"no such socket: is NUT's {Section.Driver} driver running for it (upsdrvctl start {Section.Name})?";
        if (DriverFactory.HasBuiltIn(Section))
            reason += $" NutSharp has a built-in {Section.Driver}: start with --builtin {Section.Name} (or list it under [drivers] builtin in nutsharp.toml) to use it instead.";
        return reason;
    }

    private async Task<(System.Net.Sockets.Socket? Socket, string? Failure)> TryConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConnectTimeout);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), timeout.Token).ConfigureAwait(false);
            return (socket, null);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException or ArgumentException)
        {
            socket.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            return (null, e is OperationCanceledException ? "connect timed out" : e.Message);
        }
    }

    /// <summary>Serves one connection until it is lost; returns why.</summary>
    private async Task<string> RunConnectionAsync(System.Net.Sockets.Socket socket, CancellationToken cancellationToken)
    {
        // Only synchronous calls (our sends) honour Blocking: a write to a driver that does not read
        // must fail at once, not hang a server thread. Receives stay asynchronous.
        socket.Blocking = false;
        lock (_writeLock) _connection = socket;

        // upsd wipes the state and shows WAIT as soon as it has connected and asked for the dump.
        using (var update = Device.BeginUpdate()) update.LinkUp(showWait: true);
        NotifyPublished();
        if (!TryWrite(DumpAllLine, "DUMPALL")) return "initial write failed";

        var applier = new DriverMessageApplier(Device.Tracking);
        var parser = new WordParser();
        var buffer = new byte[ReadSize];
        long lastPing = 0;
        bool pinged = false;
        Task<int>? receive = null;
        try
        {
            receive = socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).AsTask();
            var tick = Task.Delay(CheckInterval, Time, cancellationToken);
            while (true)
            {
                var finished = await Task.WhenAny(receive, tick).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (finished == tick) tick = Task.Delay(CheckInterval, Time, cancellationToken);
                else
                {
                    int read;
                    try
                    {
                        read = await receive.ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is SocketException or ObjectDisposedException)
                    {
                        return IsAttached(socket) ? e.Message : "write to driver failed";
                    }
                    if (read == 0) return "driver closed the connection";
                    Process(applier, parser, buffer.AsSpan(0, read));
                    receive = socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).AsTask();
                }
                if (!IsAttached(socket)) return "write to driver failed";
                if (ShouldPing(applier, pinged, lastPing))
                {
                    lastPing = Time.GetTimestamp();
                    pinged = true;
                    if (!TryWrite(PingLine, "PING")) return "ping failed";
                }
            }
        }
        finally
        {
            lock (_writeLock)
            {
                if (ReferenceEquals(_connection, socket)) DetachLocked();
                else socket.Dispose();
            }
            if (receive is not null)
            {
                // The receive still pending on the closed socket ends with an error nobody needs.
                try { await receive.ConfigureAwait(false); }
                catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException) { }
            }
        }
    }

    /// <summary>
    /// Feeds one read to the parser and applies its lines as one batch; a parse error throws away
    /// the rest of that read, as upsd does.
    /// </summary>
    private void Process(DriverMessageApplier applier, WordParser parser, ReadOnlySpan<byte> data)
    {
        using var update = Device.BeginUpdate();
        while (!data.IsEmpty)
        {
            var ev = parser.Feed(data, out int consumed);
            data = data[consumed..];
            if (ev == WordParserEvent.Line) applier.Apply(update, parser);
            else if (ev == WordParserEvent.Error)
            {
                Log.LogDebug("Parse error on socket of UPS [{Ups}]; rest of the read dropped", Device.Name);
                return;
            }
        }
    }

    /// <summary>
    /// upsd's rule: once more than MAXAGE/3 whole seconds have passed since the driver was last
    /// heard and since the last PING, prod it. Not while the driver itself says its data is stale
    /// (upsd has already declared it dead then and skips the ping).
    /// </summary>
    private bool ShouldPing(DriverMessageApplier applier, bool pinged, long lastPing)
    {
        if (applier.StaleByDriver) return false;
        var third = TimeSpan.FromSeconds(Device.MaxAgeSeconds / 3);
        return Device.SilentFor > third && (!pinged || Time.GetElapsedTime(lastPing) > third);
    }

    public override DeviceRequestResult SetVariable(string name, string value, string? trackingId) =>
        TryWrite(DriverRequestFormatter.Set(name, value, trackingId), "SET") ? DeviceRequestResult.Accepted : DeviceRequestResult.Failed;

    public override DeviceRequestResult InstantCommand(string name, string? parameter, string? trackingId) =>
        TryWrite(DriverRequestFormatter.InstantCommand(name, parameter, trackingId), "INSTCMD") ? DeviceRequestResult.Accepted : DeviceRequestResult.Failed;

    /// <summary>
    /// One non-blocking write of a whole line. Anything short of that (no connection, a full socket
    /// buffer, an error) fails, and like upsd we then drop the connection: the driver would otherwise
    /// see a cut line, and the reconnect brings a fresh dump.
    /// </summary>
    private bool TryWrite(byte[] line, string what)
    {
        lock (_writeLock)
        {
            var socket = _connection;
            if (socket is null) return false;
            SocketError error;
            int sent;
            try
            {
                sent = socket.Send(line, SocketFlags.None, out error);
            }
            catch (ObjectDisposedException)
            {
                DetachLocked();
                return false;
            }
            if (error == SocketError.Success && sent == line.Length) return true;
            Log.LogWarning("Send {What} to UPS [{Ups}] failed: {Error} ({Sent} of {Length} bytes)", what, Device.Name, error, sent, line.Length);
            DetachLocked();
            return false;
        }
    }

    private bool IsAttached(System.Net.Sockets.Socket socket)
    {
        lock (_writeLock) return ReferenceEquals(_connection, socket);
    }

    /// <summary>Closes the current connection; a receive pending on it then fails and the loop reconnects.</summary>
    private void DetachLocked()
    {
        var socket = _connection;
        _connection = null;
        socket?.Dispose();
    }
}
