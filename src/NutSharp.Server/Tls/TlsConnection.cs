using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using NutSharp.Protocol;

namespace NutSharp.Server.Tls;

/// <summary>
/// A client connection after <c>OK STARTTLS</c>: it leaves its event loop and runs on the thread
/// pool, as a task. The handshake is awaited, so however long it takes no other client waits for it
/// (upsd 2.8.0 does it on a blocking socket and the whole server stops meanwhile), and one that has
/// not finished within <see cref="TlsSettings.HandshakeTimeout"/> is dropped. After it, requests are
/// read through a <see cref="PipeReader"/> over the <see cref="SslStream"/>, split into lines by the
/// same <see cref="WordParser"/> and run by the same command processor as on a plain connection,
/// and the replies of one read leave together through a <see cref="PipeWriter"/>.
/// <para>
/// What a plain connection does in its loop, this one does with the same rules: the idle timeout
/// counts from the last complete line (<see cref="LastHeard"/>, swept by <see cref="NutServer"/>),
/// LOGOUT closes after the rest of the read is answered, a client that does not read its replies
/// is not read from (an awaited flush) so it holds at most about one high-water mark of replies.
/// </para>
/// </summary>
internal sealed class TlsConnection
{
    /// <summary>Past this much pending output the replies are flushed before the rest of the read is run (as on a plain connection).</summary>
    private const int OutputHighWater = 256 * 1024;

    private readonly NutServer _server;
    private readonly Socket _socket;
    private readonly TlsSettings _settings;
    private readonly byte[]? _alreadyRead;
    private readonly CancellationTokenSource _closing = new();
    private readonly WordParser _parser = new();
    private readonly OutputBuffer _output = new();
    private bool _skipToEndOfLine;
    private long _lastHeard;
    private string? _refusal;

    public TlsConnection(NutServer server, Socket socket, Session session, TlsSettings settings, byte[]? alreadyRead)
    {
        _server = server;
        _socket = socket;
        Session = session;
        _settings = settings;
        _alreadyRead = alreadyRead is { Length: > 0 } ? alreadyRead : null;
        _lastHeard = Environment.TickCount64;
    }

    public Session Session { get; }

    /// <summary>When the last complete request line arrived (STARTTLS itself, until the handshake is done).</summary>
    public long LastHeard => Volatile.Read(ref _lastHeard);

    /// <summary>Ends the connection from another thread (idle timeout, reload, shutdown): its task finishes soon after.</summary>
    public void Abort()
    {
        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    public async Task RunAsync()
    {
        try
        {
            Stream transport = new NetworkStream(_socket, ownsSocket: true);
            if (_alreadyRead is not null) transport = new PrefixedStream(_alreadyRead, transport);
            await using var tls = new SslStream(transport, leaveInnerStreamOpen: false);
            if (!await HandshakeAsync(tls).ConfigureAwait(false)) return;
            Session.IsTls = true;
            _server.LogTlsEstablished(Session.Address, tls.SslProtocol, tls.NegotiatedCipherSuite);
            await ServeAsync(tls).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            // Aborted: idle, a reload removed its device, or the server stops.
        }
        catch (IOException)
        {
            // The client went away, or broke the TLS stream.
        }
        catch (SocketException)
        {
        }
        catch (Exception e)
        {
            // A request that threw (a bug, a driver failing in SET): this connection alone closes.
            _server.LogRequestFailure(Session.Address, e);
        }
        finally
        {
            _socket.Dispose();
            _parser.StartNextLine();
            _parser.ReleaseIfIdle();
            _output.Clear();
            _output.ReleaseIfEmpty();
            Session.Closed();
            _server.TlsConnectionClosed(this);
            _closing.Dispose();
        }
    }

    private async Task<bool> HandshakeAsync(SslStream tls)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
        deadline.CancelAfter(_settings.HandshakeTimeout);
        try
        {
            await tls.AuthenticateAsServerAsync(_settings.CreateServerOptions(problem => _refusal = problem), deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!_closing.IsCancellationRequested)
        {
            _server.LogTlsHandshakeFailure(Session.Address, $"no handshake within {_settings.HandshakeTimeout.TotalSeconds:0} s");
        }
        catch (AuthenticationException e)
        {
            // upsd 2.8.0 logs a failed handshake too; the connection cannot go on in plain text either.
            _server.LogTlsHandshakeFailure(Session.Address, _refusal ?? "the TLS parameters or certificates were refused (" + (e.InnerException?.Message ?? e.Message) + ")");
        }
        catch (IOException e)
        {
            // The native build carries resource keys, not texts ("net_frame_read_size"): say what it means.
            _server.LogTlsHandshakeFailure(Session.Address, "the client closed the connection or sent something that is not TLS (" + (e.InnerException?.Message ?? e.Message) + ")");
        }
        return false;
    }

    private async Task ServeAsync(SslStream tls)
    {
        var reader = PipeReader.Create(tls, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true));
        var writer = PipeWriter.Create(tls, new StreamPipeWriterOptions(minimumBufferSize: 4096, leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_closing.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    var rest = segment;
                    while (!rest.IsEmpty)
                    {
                        int used = Run(rest.Span);
                        rest = rest[used..];
                        // A long pipelined batch: send what is answered before running more of it.
                        if (!rest.IsEmpty) await SendAsync(writer).ConfigureAwait(false);
                    }
                }
                reader.AdvanceTo(buffer.End);
                _parser.ReleaseIfIdle();
                await SendAsync(writer).ConfigureAwait(false);
                // LOGOUT: every line of this read has been answered; now the server closes. EOF: as
                // upsd, the connection closes when the client half-closes; an unfinished line is never run.
                if (Session.CloseRequested || result.IsCompleted) break;
            }
            await tls.ShutdownAsync().ConfigureAwait(false);
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            await writer.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Runs the complete lines of <paramref name="input"/> until the replies pass the high-water mark; returns the bytes used.</summary>
    private int Run(ReadOnlySpan<byte> input)
    {
        int total = input.Length;
        while (!input.IsEmpty)
        {
            if (_skipToEndOfLine)
            {
                int lf = input.IndexOf((byte)'\n');
                if (lf < 0) return total;
                input = input[(lf + 1)..];
                _skipToEndOfLine = false;
                continue;
            }
            var ev = _parser.Feed(input, out int used);
            input = input[used..];
            if (ev == WordParserEvent.Line)
            {
                Volatile.Write(ref _lastHeard, Environment.TickCount64);
                _server.CountTlsRequest(_server.Processor.Execute(Session, _parser, _output));
                if (_output.Count > OutputHighWater) break;
            }
            else if (ev == WordParserEvent.Error)
            {
                // A '#' inside quotes: no reply, the rest of the line is dropped (as on a plain connection).
                _skipToEndOfLine = true;
            }
        }
        return total - input.Length;
    }

    private async ValueTask SendAsync(PipeWriter writer)
    {
        if (_output.Count == 0) return;
        writer.Write(_output.WrittenSpan);
        _output.Clear();
        _output.ReleaseIfEmpty();
        await writer.FlushAsync(_closing.Token).ConfigureAwait(false);
    }
}
