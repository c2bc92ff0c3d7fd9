using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using NutSharp.Config;
using NutSharp.Server.Commands;
using NutSharp.Server.Tls;
using NutSharp.Testing;
using NutSharp.Testing.Tls;
using NutSharp.Tests.Shared;
using NutSharp.Tests.Testing;

namespace NutSharp.Tests.Server;

/// <summary>STARTTLS against the real server on loopback, with a client that speaks TLS after <c>OK STARTTLS</c>.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class StartTlsTests
{
    private const string Version = "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/";

    private X509Certificate2 _serverCertificate = null!;

    [OneTimeSetUp]
    public void MakeCertificate() => _serverCertificate = TestCertificates.Server();

    [OneTimeTearDown]
    public void DisposeCertificate() => _serverCertificate.Dispose();

    private TlsSettings Settings(TimeSpan? handshakeTimeout = null, bool disableWeakSsl = false,
        ClientCertificateRequest clientCertificates = ClientCertificateRequest.No, X509Certificate2? clientAuthority = null) => new()
    {
        Certificate = _serverCertificate,
        CertificateContext = SslStreamCertificateContext.Create(_serverCertificate, null, offline: true),
        CertificateFile = "test.pem",
        DisableWeakSsl = disableWeakSsl,
        ClientCertificates = clientCertificates,
        ClientRoots = clientAuthority is null ? null : [clientAuthority],
        HandshakeTimeout = handshakeTimeout ?? TlsSettings.DefaultHandshakeTimeout,
    };

    [Test]
    public async Task Without_a_certificate_starttls_answers_feature_not_configured_and_plain_text_goes_on()
    {
        await using var server = new InProcessServer();
        using var client = new StartTlsClient(server.Port);

        Assert.That(client.StartTls(), Is.EqualTo("ERR FEATURE-NOT-CONFIGURED"));
        Assert.That(client.Ask("GET VAR ups1 ups.status"), Is.EqualTo("VAR ups1 ups.status \"OL\""));
    }

    [Test]
    public async Task After_ok_starttls_requests_are_answered_over_tls()
    {
        await using var server = new InProcessServer(tls: Settings());
        using var client = new StartTlsClient(server.Port);

        Assert.That(client.StartTls(trusted: _serverCertificate), Is.EqualTo("OK STARTTLS"));

        Assert.That(client.Tls!.IsAuthenticated && client.Tls.IsEncrypted);
        Assert.That(client.Ask("VER"), Is.EqualTo(Version));
        Assert.That(client.Ask("GET VAR ups1 ups.status"), Is.EqualTo("VAR ups1 ups.status \"OL\""));
        Assert.That(client.AskList("LIST UPS"), Is.EqualTo(new[] { "BEGIN LIST UPS", "UPS ups1 \"Test \\\"UPS\\\"\"", "END LIST UPS" }));
        Assert.That(client.Ask("GET VAR nosuch ups.status"), Is.EqualTo("ERR UNKNOWN-UPS"));
    }

    [Test]
    public async Task Requests_over_tls_are_counted_by_verb_as_plain_ones_are()
    {
        await using var server = new InProcessServer(tls: Settings());
        using var client = new StartTlsClient(server.Port);
        client.StartTls(trusted: _serverCertificate);
        var before = server.Server.RequestCounts();

        client.Ask("GET VAR ups1 ups.status");
        client.Ask("GET VAR ups1 ups.status");
        client.Ask("VER");

        var after = server.Server.RequestCounts();
        Assert.That(after[(int)Verb.Get] - before[(int)Verb.Get], Is.EqualTo(2), "what /metrics shows as requests by command");
        Assert.That(after[(int)Verb.Ver] - before[(int)Verb.Ver], Is.EqualTo(1));
    }

    [Test]
    public async Task Starttls_over_tls_answers_already_ssl_mode_and_the_connection_goes_on()
    {
        await using var server = new InProcessServer(tls: Settings());
        using var client = new StartTlsClient(server.Port);
        client.StartTls();

        Assert.That(client.Ask("STARTTLS"), Is.EqualTo("ERR ALREADY-SSL-MODE"));
        Assert.That(client.Ask("starttls extra words"), Is.EqualTo("ERR ALREADY-SSL-MODE"));
        Assert.That(client.Ask("VER"), Is.EqualTo(Version));
    }

    [Test]
    public async Task Pipelined_requests_then_logout_over_tls_are_all_answered_then_the_server_closes()
    {
        await using var server = new InProcessServer(tls: Settings());
        using var client = new StartTlsClient(server.Port);
        client.StartTls();

        client.Send("VER\nLOGOUT\nNETVER\n");

        Assert.That(client.ReadLine(), Is.EqualTo(Version));
        Assert.That(client.ReadLine(), Is.EqualTo("OK Goodbye"));
        Assert.That(client.ReadLine(), Is.EqualTo("1.3"));
        Assert.That(client.ReadLine(), Is.Null, "the server closes after LOGOUT");
        Wait.Until(() => server.Server.ConnectionCount == 0, "the connection to be counted as closed");
    }

    [Test]
    public async Task A_batch_whose_replies_pass_the_high_water_mark_arrives_whole_and_in_order()
    {
        await using var server = new InProcessServer(tls: Settings());
        using var client = new StartTlsClient(server.Port);
        client.StartTls();
        const int lists = 300; // about 700 KB of replies from one write

        client.Send(string.Concat(Enumerable.Repeat("LIST VAR ups1\n", lists)) + "VER\n");

        int ends = 0;
        string? line;
        while ((line = client.ReadLine()) is not null && line != Version)
            if (line == "END LIST VAR ups1") ends++;
        Assert.That(ends, Is.EqualTo(lists));
        Assert.That(line, Is.EqualTo(Version));
    }

    [Test]
    public async Task Numlogins_drops_when_a_tls_client_vanishes_without_logout()
    {
        await using var server = new InProcessServer(tls: Settings());
        using var watcher = server.Connect();
        using (var monitor = new StartTlsClient(server.Port))
        {
            monitor.StartTls();
            Assert.That(monitor.Ask("USERNAME mon"), Is.EqualTo("OK"));
            Assert.That(monitor.Ask("PASSWORD monpass"), Is.EqualTo("OK"));
            Assert.That(monitor.Ask("LOGIN ups1"), Is.EqualTo("OK"));
            Assert.That(watcher.Ask("GET NUMLOGINS ups1"), Is.EqualTo("NUMLOGINS ups1 1"));
            Assert.That(watcher.AskList("LIST CLIENT ups1"), Is.EqualTo(new[] { "BEGIN LIST CLIENT ups1", "CLIENT ups1 127.0.0.1", "END LIST CLIENT ups1" }));
        }
        Wait.Until(() => watcher.Ask("GET NUMLOGINS ups1") == "NUMLOGINS ups1 0", "NUMLOGINS to drop back to 0");
    }

    [Test]
    public async Task A_tls_connection_keeps_its_place_in_the_connection_count_until_it_closes()
    {
        await using var server = new InProcessServer(maxConnections: 5, tls: Settings());
        var client = new StartTlsClient(server.Port);
        client.StartTls();
        Assert.That(client.Ask("VER"), Is.EqualTo(Version));

        Assert.That(server.Server.ConnectionCount, Is.EqualTo(1));
        Assert.That(server.Server.TlsConnectionCount, Is.EqualTo(1));
        client.Dispose();
        Wait.Until(() => server.Server.ConnectionCount == 0 && server.Server.TlsConnectionCount == 0, "the count to drop when the TLS client leaves");
    }

    [Test]
    public async Task An_idle_tls_client_is_dropped_as_a_plain_one_is()
    {
        await using var server = new InProcessServer(idleTimeoutSeconds: 1, tls: Settings());
        using var client = new StartTlsClient(server.Port);
        client.StartTls();
        Assert.That(client.Ask("VER"), Is.EqualTo(Version));

        Assert.That(client.ReadLine(), Is.Null, "the server closes an idle TLS connection");
    }

    [Test]
    public async Task Removing_a_device_closes_the_tls_clients_logged_into_it()
    {
        await using var server = new InProcessServer(tls: Settings());
        using var monitor = new StartTlsClient(server.Port);
        monitor.StartTls();
        monitor.Ask("USERNAME mon");
        monitor.Ask("PASSWORD monpass");
        Assert.That(monitor.Ask("LOGIN ups1"), Is.EqualTo("OK"));

        server.Server.DisconnectClientsOf(server.Ups);

        Assert.That(monitor.ReadLine(), Is.Null);
    }

    [Test]
    public async Task Stalled_handshakes_hold_up_no_other_client_and_are_dropped_after_the_timeout()
    {
        var log = new LogRecorder();
        await using var server = new InProcessServer(logger: log, tls: Settings(handshakeTimeout: TimeSpan.FromSeconds(2)));
        var stalled = new List<LineClient>();
        for (int i = 0; i < 20; i++)
        {
            var c = server.Connect();
            Assert.That(c.Ask("STARTTLS"), Is.EqualTo("OK STARTTLS"));
            stalled.Add(c); // and never sends a ClientHello
        }
        try
        {
            using var plain = server.Connect();
            using var secure = new StartTlsClient(server.Port);
            Assert.That(secure.StartTls(), Is.EqualTo("OK STARTTLS"), "another client's handshake completes meanwhile");
            for (int i = 0; i < 50; i++)
            {
                Assert.That(plain.Ask("GET VAR ups1 ups.status"), Is.EqualTo("VAR ups1 ups.status \"OL\""));
                Assert.That(secure.Ask("VER"), Is.EqualTo(Version));
            }

            foreach (var c in stalled) Assert.That(c.WaitForClose(30_000), "a stalled handshake is dropped");
            Assert.That(log.AtLeast(LogLevel.Warning).Count(l => l.Contains("TLS handshake failed: no handshake within 2 s")), Is.EqualTo(20));
            Assert.That(secure.Ask("VER"), Is.EqualTo(Version), "a finished handshake is not subject to the handshake timeout");
        }
        finally
        {
            foreach (var c in stalled) c.Dispose();
        }
    }

    [Test]
    public async Task Many_clients_handshake_at_once_while_plain_clients_are_served()
    {
        await using var server = new InProcessServer(tls: Settings());
        const int tlsClients = 64;
        using var stop = new CancellationTokenSource();
        int plainAnswers = 0;
        // Client threads of their own (LongRunning): blocking clients on the thread pool would starve
        // the in-process server's TLS connections, which run there.
        var plain = Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(() =>
        {
            using var c = server.Connect();
            while (!stop.IsCancellationRequested)
            {
                if (c.Ask("GET VAR ups1 battery.charge") != "VAR ups1 battery.charge \"100\"") return false;
                Interlocked.Increment(ref plainAnswers);
            }
            return true;
        }, TaskCreationOptions.LongRunning)).ToList();

        using var start = new Barrier(tlsClients);
        var secure = Enumerable.Range(0, tlsClients).Select(i => Task.Factory.StartNew(() =>
        {
            using var c = new StartTlsClient(server.Port);
            start.SignalAndWait();
            if (c.StartTls(trusted: _serverCertificate) != "OK STARTTLS") return "no OK STARTTLS";
            return c.Ask("GET VAR ups1 ups.status") + " / " + c.Ask("LOGOUT");
        }, TaskCreationOptions.LongRunning)).ToList();

        var answers = await Task.WhenAll(secure);
        int plainDuringHandshakes = Volatile.Read(ref plainAnswers);
        await stop.CancelAsync();

        Assert.That(answers, Is.All.EqualTo("VAR ups1 ups.status \"OL\" / OK Goodbye"));
        Assert.That(await Task.WhenAll(plain), Is.All.True);
        Assert.That(plainDuringHandshakes, Is.GreaterThan(0), "plain clients were answered while the handshakes ran");
    }

    [Test]
    public async Task A_broken_handshake_closes_that_connection_alone_and_is_logged()
    {
        var log = new LogRecorder();
        await using var server = new InProcessServer(logger: log, tls: Settings());
        using var other = server.Connect();
        using var broken = server.Connect();
        Assert.That(broken.Ask("STARTTLS"), Is.EqualTo("OK STARTTLS"));

        broken.Send("VER\nthis is not a TLS ClientHello\n");

        Assert.That(broken.WaitForClose(30_000));
        Assert.That(other.Ask("VER"), Is.EqualTo(Version));
        Wait.Until(() => log.AtLeast(LogLevel.Warning).Any(l => l.StartsWith("closing the connection of 127.0.0.1: TLS handshake failed", StringComparison.Ordinal)), "the failed handshake to be logged");
    }

    [Test]
    public async Task A_client_hello_sent_in_the_same_packet_as_starttls_is_used_for_the_handshake()
    {
        await using var server = new InProcessServer(tls: Settings());
        using var tcp = new System.Net.Sockets.TcpClient("127.0.0.1", server.Port);
        var prefixed = new EagerStartTlsStream(tcp.GetStream());
        using var tls = new SslStream(prefixed);

        // The ClientHello goes out right behind "STARTTLS\n", before OK STARTTLS is read.
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1", RemoteCertificateValidationCallback = (_, _, _, _) => true });
        await tls.WriteAsync("VER\n"u8.ToArray());
        var reply = new byte[Version.Length + 1];
        await tls.ReadExactlyAsync(reply);

        Assert.That(prefixed.PlainReply, Is.EqualTo("OK STARTTLS\n"));
        Assert.That(System.Text.Encoding.ASCII.GetString(reply), Is.EqualTo(Version + "\n"));
    }

    [Test]
    public async Task Disable_weak_ssl_refuses_tls_1_2_cipher_suites_without_forward_secret_aead()
    {
        await using var weakAllowed = new InProcessServer(tls: Settings());
        await using var strongOnly = new InProcessServer(tls: Settings(disableWeakSsl: true));
        var cbc = new CipherSuitesPolicy([TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256]);

        using (var c = new StartTlsClient(weakAllowed.Port))
        {
            c.StartTls(protocols: SslProtocols.Tls12, ciphers: cbc);
            Assert.That(c.Ask("VER"), Is.EqualTo(Version), "without DISABLE_WEAK_SSL the library's defaults apply");
        }
        using (var c = new StartTlsClient(strongOnly.Port))
            Assert.Throws(Is.InstanceOf<AuthenticationException>().Or.InstanceOf<IOException>(), () => c.StartTls(protocols: SslProtocols.Tls12, ciphers: cbc));
        using (var c = new StartTlsClient(strongOnly.Port))
        {
            c.StartTls(protocols: SslProtocols.Tls12);
            Assert.That(c.Tls!.SslProtocol, Is.EqualTo(SslProtocols.Tls12));
            Assert.That(c.Ask("VER"), Is.EqualTo(Version), "TLS 1.2 with a strong suite is accepted");
        }
    }

    [Test]
    public async Task Certrequest_require_accepts_a_client_certificate_from_the_trusted_authority_only()
    {
        using var authority = TestCertificates.Authority();
        using var stranger = TestCertificates.Authority("Someone Else");
        using var trustedClient = TestCertificates.Client(authority);
        using var strangeClient = TestCertificates.Client(stranger);
        var log = new LogRecorder();
        await using var server = new InProcessServer(logger: log, tls: Settings(clientCertificates: ClientCertificateRequest.Require, clientAuthority: authority));

        using (var c = new StartTlsClient(server.Port))
        {
            c.StartTls(clientCertificate: trustedClient);
            Assert.That(c.Ask("VER"), Is.EqualTo(Version));
        }
        foreach (var refused in new[] { strangeClient, null })
        {
            using var c = new StartTlsClient(server.Port);
            // TLS 1.3 checks the client's certificate after the client's handshake has finished: the refusal shows at the first read.
            try
            {
                c.StartTls(clientCertificate: refused);
                Assert.That(c.Ask("VER"), Is.Null, $"client certificate {refused?.Subject ?? "(none)"} is refused");
            }
            catch (Exception e) when (e is AuthenticationException or IOException)
            {
            }
        }
        Wait.Until(() => log.AtLeast(LogLevel.Warning).Count(l => l.Contains("TLS handshake failed", StringComparison.Ordinal)) == 2, "both refusals to be logged");
        Assert.That(log.AtLeast(LogLevel.Warning), Has.One.Contains("TLS handshake failed: the client's certificate (CN=upsmon) is not trusted under CERTREQUEST REQUIRE"));
        Assert.That(log.AtLeast(LogLevel.Warning), Has.One.EndsWith("TLS handshake failed: the client presented no certificate (CERTREQUEST REQUIRE)"));
    }

    [Test]
    public async Task Certrequest_request_wants_some_certificate_and_no_asks_for_none()
    {
        using var stranger = TestCertificates.Authority("Anyone");
        using var anyClient = TestCertificates.Client(stranger);
        await using var requesting = new InProcessServer(tls: Settings(clientCertificates: ClientCertificateRequest.Request));
        await using var notAsking = new InProcessServer(tls: Settings(clientCertificates: ClientCertificateRequest.No));

        using (var c = new StartTlsClient(requesting.Port))
        {
            c.StartTls(clientCertificate: anyClient);
            Assert.That(c.Ask("VER"), Is.EqualTo(Version), "REQUEST: any certificate will do");
        }
        using (var c = new StartTlsClient(requesting.Port))
        {
            try
            {
                c.StartTls();
                Assert.That(c.Ask("VER"), Is.Null, "REQUEST: a client without a certificate is refused");
            }
            catch (Exception e) when (e is AuthenticationException or IOException)
            {
            }
        }
        using (var c = new StartTlsClient(notAsking.Port))
        {
            c.StartTls();
            Assert.That(c.Ask("VER"), Is.EqualTo(Version), "NO: no certificate needed");
        }
    }

    /// <summary>Sends <c>STARTTLS\n</c> together with the first TLS bytes, then reads the plain reply before handing TLS its bytes.</summary>
    private sealed class EagerStartTlsStream(Stream inner) : Stream
    {
        private bool _sentStartTls;
        private bool _readReply;

        public string PlainReply { get; private set; } = "";

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_sentStartTls)
            {
                _sentStartTls = true;
                await inner.WriteAsync((byte[])[.. "STARTTLS\n"u8, .. buffer.Span], cancellationToken);
                return;
            }
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_readReply)
            {
                _readReply = true;
                var one = new byte[1];
                while (!PlainReply.EndsWith('\n'))
                {
                    if (await inner.ReadAsync(one, cancellationToken) == 0) return 0;
                    PlainReply += (char)one[0];
                }
            }
            return await inner.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
        public override void Flush() => inner.Flush();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
