using System.Security.Cryptography.X509Certificates;
using NutSharp.Integration.Tests.Clients;
using NutSharp.Integration.Tests.Host;
using NutSharp.Testing;
using NutSharp.Testing.Tls;

namespace NutSharp.Integration.Tests.Tls;

/// <summary>
/// The native server with a CERTFILE, against Debian's own TLS clients (upsc and upsmon, built
/// with NSS) and against a client of our own; upsmon verifying the server's certificate with it
/// imported into an NSS database by certutil, and not verifying.
/// </summary>
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class StartTlsClientsTests
{
    private HostSandbox _sandbox = null!;
    private X509Certificate2 _certificate = null!;
    private HostRun _server = null!;

    [SetUp]
    public async Task StartServer()
    {
        if (!File.Exists(HostSandbox.Binary)) Assert.Ignore("the native nutsharp is not built (make build)");
        TestPaths.RequireInstalled(TestPaths.Upsc, TlsTools.Upsmon);
        TlsTools.RequireTools();
        _sandbox = new HostSandbox();
        _certificate = TestCertificates.Server();
        TlsTools.UseCertificate(_sandbox, _certificate, "DISABLE_WEAK_SSL true\n");
        _sandbox.Append("upsd.users", "[tlsmon]\n\tpassword = tlspass\n\tupsmon primary\n");
        // -D: the server logs each handshake ("TLS established with ...").
        _server = await _sandbox.StartServingAsync("-D");
    }

    [TearDown]
    public void StopServer()
    {
        _sandbox?.Dispose();
        _certificate?.Dispose();
    }

    private int TlsHandshakesLogged() =>
        _server.Output.Split('\n').Count(l => l.Contains("TLS established with 127.0.0.1", StringComparison.Ordinal));

    [Test]
    public async Task Upsc_switches_to_tls_and_reads_the_same_answers()
    {
        int before = TlsHandshakesLogged();

        var value = await ClientsProcess.RunAsync(TestPaths.Upsc, $"ups1@127.0.0.1:{_sandbox.Port}", "ups.status");
        var list = await ClientsProcess.RunAsync(TestPaths.Upsc, "-l", $"127.0.0.1:{_sandbox.Port}");

        Assert.That((value.ExitCode, value.Stdout), Is.EqualTo((0, "OL\n")), value.ToString());
        Assert.That((list.ExitCode, list.Stdout), Is.EqualTo((0, "ups1\nups2\n")), list.ToString());
        Assert.That(value.Stderr, Does.Contain("Connected to NUT server 127.0.0.1 in SSL"), value.ToString());
        Wait.Until(() => TlsHandshakesLogged() >= before + 2, "the server to log both TLS handshakes");
    }

    [Test]
    public async Task Upsmon_verifying_the_server_certificate_logs_in_and_polls_over_tls()
    {
        string dir = Path.Combine(_sandbox.Root, "upsmon-verify");
        await TlsTools.ClientDatabaseAsync(Path.Combine(dir, "db"), _certificate);
        WriteUpsmonConf(dir, certVerify: true);
        var upsmon = TlsTools.StartUpsmon(dir);
        try
        {
            Wait.Until(() => TlsTools.UpsmonLog(dir).Contains("Logged into UPS", StringComparison.Ordinal), "upsmon to log in");
            Wait.Until(() => TlsTools.UpsmonLog(dir).Contains($"pollups: ups1@127.0.0.1:{_sandbox.Port} [SSL]", StringComparison.Ordinal), "upsmon to poll over TLS");
            string log = TlsTools.UpsmonLog(dir);
            Assert.That(log, Does.Contain("Intend to authenticate server 127.0.0.1 : SUCCESS"), log);
            Assert.That(log, Does.Contain("Connected to NUT server 127.0.0.1 in SSL"), log);
            using var watcher = _sandbox.Connect();
            Assert.That(watcher.Ask("GET NUMLOGINS ups1"), Is.EqualTo("NUMLOGINS ups1 1"));
        }
        finally
        {
            TlsTools.Stop(upsmon);
        }
    }

    [Test]
    public async Task Upsmon_without_verification_logs_in_over_tls()
    {
        string dir = Path.Combine(_sandbox.Root, "upsmon-noverify");
        Directory.CreateDirectory(dir);
        WriteUpsmonConf(dir, certVerify: false);
        var upsmon = TlsTools.StartUpsmon(dir);
        try
        {
            Wait.Until(() => TlsTools.UpsmonLog(dir).Contains($"pollups: ups1@127.0.0.1:{_sandbox.Port} [SSL]", StringComparison.Ordinal), "upsmon to poll over TLS");
            string log = TlsTools.UpsmonLog(dir);
            Assert.That(log, Does.Contain("Do not intend to authenticate server 127.0.0.1"), log);
            Assert.That(log, Does.Contain("Logged into UPS"), log);
        }
        finally
        {
            TlsTools.Stop(upsmon);
        }
    }

    [Test]
    public async Task Upsmon_verifying_against_another_certificate_refuses_the_server()
    {
        using var stranger = TestCertificates.Server();
        string dir = Path.Combine(_sandbox.Root, "upsmon-stranger");
        await TlsTools.ClientDatabaseAsync(Path.Combine(dir, "db"), stranger);
        WriteUpsmonConf(dir, certVerify: true);
        var upsmon = TlsTools.StartUpsmon(dir);
        try
        {
            // Its certificate check fails, so it never gets as far as logging in.
            Wait.Until(() => TlsTools.UpsmonLog(dir).Contains("Certificate validation failed for 127.0.0.1", StringComparison.Ordinal), "upsmon to refuse the certificate");
            string log = TlsTools.UpsmonLog(dir);
            Assert.That(log, Does.Contain("Intend to authenticate server 127.0.0.1 : FAILED"), log);
            Assert.That(log, Does.Not.Contain("Logged into UPS"), log);
        }
        finally
        {
            TlsTools.Stop(upsmon);
        }
    }

    [Test]
    public async Task Under_certrequest_2_upsmon_logs_in_only_with_a_client_certificate_from_the_trusted_authority()
    {
        // A second server on its own sandbox: CERTREQUEST 2, with CERTPATH naming the authority.
        using var sandbox = new HostSandbox();
        using var authority = TestCertificates.Authority();
        using var client = TestCertificates.Client(authority, "upsmon");
        File.WriteAllText(sandbox.ConfPath("clients-ca.pem"), TestCertificates.CertificatePem(authority));
        TlsTools.UseCertificate(sandbox, _certificate, $"DISABLE_WEAK_SSL true\nCERTREQUEST 2\nCERTPATH {sandbox.ConfPath("clients-ca.pem")}\n");
        sandbox.Append("upsd.users", "[tlsmon]\n\tpassword = tlspass\n\tupsmon primary\n");
        var server = await sandbox.StartServingAsync();

        // The client's certificate and key go into upsmon's NSS database (nickname "upsmon"); only
        // the upsmon.conf with CERTIDENT presents it.
        string dir = Path.Combine(sandbox.Root, "upsmon-client-cert");
        string db = await TlsTools.ClientDatabaseAsync(Path.Combine(dir, "db"), _certificate);
        await TlsTools.ImportClientCertificateAsync(db, client, "upsmon");
        foreach (bool presents in new[] { false, true })
        {
            WriteUpsmonConf(dir, certVerify: true, sandbox.Port, presents ? "CERTIDENT upsmon \"\"" : "");
            File.Delete(Path.Combine(dir, "upsmon.log"));
            var upsmon = TlsTools.StartUpsmon(dir);
            try
            {
                if (presents)
                {
                    Wait.Until(() => TlsTools.UpsmonLog(dir).Contains($"pollups: ups1@127.0.0.1:{sandbox.Port} [SSL]", StringComparison.Ordinal), "upsmon with its certificate to poll over TLS");
                    Assert.That(TlsTools.UpsmonLog(dir), Does.Contain("Logged into UPS"));
                }
                else
                {
                    Wait.Until(() => server.Output.Contains("TLS handshake failed: the client presented no certificate (CERTREQUEST REQUIRE)", StringComparison.Ordinal), "the server to refuse upsmon without a certificate");
                    Assert.That(TlsTools.UpsmonLog(dir), Does.Not.Contain("Logged into UPS"));
                }
            }
            finally
            {
                TlsTools.Stop(upsmon);
            }
        }
    }

    [Test]
    public void Our_own_client_sees_upsds_answers_before_and_after_the_handshake()
    {
        using var client = new StartTlsClient(_sandbox.Port);

        Assert.That(client.StartTls(trusted: _certificate), Is.EqualTo("OK STARTTLS"));
        Assert.That(client.Tls!.SslProtocol, Is.EqualTo(System.Security.Authentication.SslProtocols.Tls13));
        Assert.That(client.Ask("STARTTLS"), Is.EqualTo("ERR ALREADY-SSL-MODE"));
        Assert.That(client.Ask("GET VAR ups1 battery.charge"), Is.EqualTo("VAR ups1 battery.charge \"100\""));
        Assert.That(client.Ask("LOGOUT"), Is.EqualTo("OK Goodbye"));
        Assert.That(client.ReadLine(), Is.Null);
    }

    /// <summary>upsmon.conf for a primary monitoring ups1 as <c>tlsmon</c>, with FORCESSL and the NSS database in <c>db</c> when verifying.</summary>
    private void WriteUpsmonConf(string dir, bool certVerify) => WriteUpsmonConf(dir, certVerify, _sandbox.Port, "");

    private static void WriteUpsmonConf(string dir, bool certVerify, int port, string extra)
    {
        File.WriteAllText(Path.Combine(dir, "upsmon.conf"), $"""
            MONITOR ups1@127.0.0.1:{port} 1 tlsmon tlspass primary
            MINSUPPLIES 1
            SHUTDOWNCMD "/bin/true"
            POLLFREQ 2
            RUN_AS_USER root
            FORCESSL 1
            CERTVERIFY {(certVerify ? 1 : 0)}
            {(certVerify ? $"CERTPATH {Path.Combine(dir, "db")}" : "")}
            {extra}

            """);
        File.SetUnixFileMode(Path.Combine(dir, "upsmon.conf"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
    }
}
