using NutSharp.Integration.Tests.Clients;
using NutSharp.Integration.Tests.Host;
using NutSharp.Testing;
using NutSharp.Testing.Tls;

namespace NutSharp.Integration.Tests.Tls;

/// <summary>What the native server says at start-up about CERTFILE, and Debian's NSS form of upsd.conf.</summary>
[NonParallelizable]
public sealed class TlsStartupTests
{
    private HostSandbox _sandbox = null!;

    [SetUp]
    public void CreateSandbox()
    {
        if (!File.Exists(HostSandbox.Binary)) Assert.Ignore("the native nutsharp is not built (make build)");
        _sandbox = new HostSandbox();
    }

    [TearDown]
    public void DisposeSandbox() => _sandbox?.Dispose();

    [Test]
    public void A_missing_certificate_file_stops_start_up_naming_upsd_conf_and_the_file()
    {
        string missing = _sandbox.ConfPath("missing.pem");
        _sandbox.Append("upsd.conf", $"CERTFILE {missing}\n");

        var run = _sandbox.RunToExit("serve", "-F");

        Assert.That(run.ExitCode, Is.Not.Zero);
        Assert.That(run.Stderr, Does.Contain($"{_sandbox.ConfPath("upsd.conf")}:2: CERTFILE {missing}: the file does not exist"));
    }

    [Test]
    public void A_key_that_is_not_the_certificates_stops_start_up()
    {
        using var certificate = TestCertificates.Server();
        using var other = TestCertificates.Server();
        string pem = _sandbox.ConfPath("upsd.pem");
        File.WriteAllText(pem, TestCertificates.CertificatePem(certificate) + TestCertificates.KeyPem(other));
        _sandbox.Append("upsd.conf", $"CERTFILE {pem}\n");

        var run = _sandbox.RunToExit("serve", "-F");

        Assert.That(run.ExitCode, Is.Not.Zero);
        Assert.That(run.Stderr, Does.Contain($"CERTFILE {pem}: the private key does not belong to the certificate (CN=127.0.0.1)"));
    }

    [Test]
    public async Task A_certificate_close_to_expiry_is_served_with_a_warning()
    {
        using var certificate = TestCertificates.Server(notAfter: DateTimeOffset.UtcNow.AddDays(5).AddHours(1));
        string pem = TlsTools.UseCertificate(_sandbox, certificate);

        var run = await _sandbox.StartServingAsync();

        Assert.That(run.Stderr, Does.Contain($"nutsharp: warning: {_sandbox.ConfPath("upsd.conf")}:2: CERTFILE {pem}: the certificate (CN=127.0.0.1) expires on "));
        using var client = new StartTlsClient(_sandbox.Port);
        Assert.That(client.StartTls(), Is.EqualTo("OK STARTTLS"));
        Assert.That(client.Ask("GET VAR ups1 ups.status"), Is.EqualTo("VAR ups1 ups.status \"OL\""));
    }

    [Test]
    public async Task Debians_nss_settings_start_with_a_warning_and_clients_go_on_in_plain_text()
    {
        TestPaths.RequireInstalled(TestPaths.Upsc);
        string db = Path.Combine(_sandbox.ConfDir, "cert-db");
        Directory.CreateDirectory(db);
        File.WriteAllText(Path.Combine(db, "cert9.db"), "");
        _sandbox.Append("upsd.conf", $"CERTPATH {db}\nCERTIDENT upsd s3cretDbPass\n");

        var run = await _sandbox.StartServingAsync();

        Assert.That(run.Stderr, Does.Contain("CERTPATH and CERTIDENT name a certificate in an NSS database").And.Contain("CERTFILE"));
        Assert.That(run.Output, Does.Not.Contain("s3cretDbPass"));
        using (var client = new StartTlsClient(_sandbox.Port))
            Assert.That(client.StartTls(), Is.EqualTo("ERR FEATURE-NOT-CONFIGURED"));
        var upsc = await ClientsProcess.RunAsync(TestPaths.Upsc, $"ups1@127.0.0.1:{_sandbox.Port}", "ups.status");
        Assert.That((upsc.ExitCode, upsc.Stdout), Is.EqualTo((0, "OL\n")), upsc.ToString());
    }
}
