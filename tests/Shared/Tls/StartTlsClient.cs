using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace NutSharp.Testing.Tls;

/// <summary>
/// A NUT client that speaks STARTTLS, which openssl s_client cannot: plain-text lines until
/// <see cref="StartTls"/> gets <c>OK STARTTLS</c>, then the same lines through an
/// <see cref="SslStream"/>. Works against real upsd and NutSharp alike.
/// </summary>
public sealed class StartTlsClient : IDisposable
{
    private readonly TcpClient _tcp;
    private Stream _stream;
    private SslStream? _tls;
    private readonly List<byte> _pending = [];

    public StartTlsClient(int port, string host = "127.0.0.1")
    {
        _tcp = new TcpClient { NoDelay = true, ReceiveTimeout = 10_000, SendTimeout = 10_000 };
        _tcp.Connect(host, port);
        _stream = _tcp.GetStream();
    }

    /// <summary>The TLS connection once established; null while in plain text.</summary>
    public SslStream? Tls => _tls;

    public Socket Socket => _tcp.Client;

    /// <summary>
    /// Sends STARTTLS and returns the reply line; on <c>OK STARTTLS</c> also does the handshake.
    /// The server's certificate is accepted when it is <paramref name="trusted"/>, or whatever it
    /// is when <paramref name="trusted"/> is null.
    /// </summary>
    public string? StartTls(X509Certificate2? trusted = null, X509Certificate2? clientCertificate = null,
        SslProtocols protocols = SslProtocols.None, CipherSuitesPolicy? ciphers = null, string targetHost = "127.0.0.1")
    {
        string? reply = Ask("STARTTLS");
        if (reply != "OK STARTTLS") return reply;
        if (_pending.Count > 0) throw new InvalidOperationException("the server sent bytes after OK STARTTLS before the handshake");
        _tls = new SslStream(_stream, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            EnabledSslProtocols = protocols,
            CipherSuitesPolicy = ciphers,
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                trusted is null || (certificate is not null && certificate.GetCertHashString() == trusted.GetCertHashString()),
        };
        _tls.AuthenticateAsClient(options);
        _stream = _tls;
        return reply;
    }

    public void Send(string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        _stream.Write(bytes);
        _stream.Flush();
    }

    /// <summary>The next line without its LF; null when the server closed the connection.</summary>
    public string? ReadLine()
    {
        var one = new byte[1];
        while (true)
        {
            int lf = _pending.IndexOf((byte)'\n');
            if (lf >= 0)
            {
                var line = Encoding.ASCII.GetString([.. _pending.GetRange(0, lf)]);
                _pending.RemoveRange(0, lf + 1);
                return line;
            }
            int n;
            try
            {
                // One byte at a time in plain text, so nothing of the TLS handshake is read as a line.
                n = _tls is null ? _stream.Read(one) : _stream.Read(_buffer);
            }
            catch (IOException)
            {
                return null;
            }
            if (n == 0) return null;
            if (_tls is null) _pending.Add(one[0]);
            else _pending.AddRange(_buffer.AsSpan(0, n).ToArray());
        }
    }

    private readonly byte[] _buffer = new byte[16384];

    public string? Ask(string request)
    {
        Send(request + "\n");
        return ReadLine();
    }

    /// <summary>Every line of a LIST reply up to END LIST (or the one ERR line).</summary>
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

    public void Dispose()
    {
        _tls?.Dispose();
        _tcp.Dispose();
    }
}
