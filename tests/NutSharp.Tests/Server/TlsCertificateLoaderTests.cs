using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NutSharp.Config;
using NutSharp.Server.Tls;
using NutSharp.Testing.Tls;

namespace NutSharp.Tests.Server;

/// <summary>CERTFILE's start-up checks: every refusal names upsd.conf's line and the file.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class TlsCertificateLoaderTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "nutsharp-tls-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private string Conf => Path.Combine(_dir, "upsd.conf");

    private string WriteFile(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private TlsSettings? Load(string upsdConf, List<string>? warnings = null) =>
        TlsCertificateLoader.Load(UpsdConfReader.Parse(upsdConf, Conf), Conf, DateTime.UtcNow, warnings ?? []);

    private string Refusal(string upsdConf) => Assert.Throws<ConfigException>(() => Load(upsdConf))!.Message;

    [Test]
    public void A_pem_file_with_the_certificate_then_its_key_is_served()
    {
        using var certificate = TestCertificates.Server();
        string pem = WriteFile("upsd.pem", TestCertificates.CombinedPem(certificate));
        var warnings = new List<string>();

        var tls = Load($"CERTFILE {pem}\nDISABLE_WEAK_SSL yes\n", warnings);

        Assert.That(tls, Is.Not.Null);
        Assert.That(tls!.Certificate.Thumbprint, Is.EqualTo(certificate.Thumbprint));
        Assert.That(tls.Certificate.HasPrivateKey);
        Assert.That(warnings, Is.Empty);
    }

    [Test]
    public void A_separate_key_file_named_after_the_certificate_is_used()
    {
        using var certificate = TestCertificates.Server();
        string cert = WriteFile("cert.pem", TestCertificates.CertificatePem(certificate));
        string key = WriteFile("key.pem", TestCertificates.KeyPem(certificate));

        var tls = Load($"CERTFILE {cert} {key}\n");

        Assert.That(tls!.Certificate.Thumbprint, Is.EqualTo(certificate.Thumbprint));
    }

    [Test]
    public void Without_certfile_there_is_no_tls()
    {
        Assert.That(Load("MAXAGE 15\n"), Is.Null);
    }

    [Test]
    public void A_missing_file_stops_start_up_naming_the_line_and_the_file()
    {
        string missing = Path.Combine(_dir, "nope.pem");

        Assert.That(Refusal($"MAXAGE 15\nCERTFILE {missing}\n"), Is.EqualTo($"{Conf}:2: CERTFILE {missing}: the file does not exist"));
    }

    [Test]
    public void An_unreadable_file_stops_start_up()
    {
        if (Environment.UserName == "root") Assert.Ignore("root reads any file");
        using var certificate = TestCertificates.Server();
        string pem = WriteFile("upsd.pem", TestCertificates.CombinedPem(certificate));
        File.SetUnixFileMode(pem, UnixFileMode.None);

        Assert.That(Refusal($"CERTFILE {pem}\n"), Does.Contain($"CERTFILE {pem}: the file cannot be read"));
    }

    [Test]
    public void A_directory_instead_of_a_file_stops_start_up()
    {
        Assert.That(Refusal($"CERTFILE {_dir}\n"), Is.EqualTo($"{Conf}:1: CERTFILE {_dir}: is a directory, not a PEM file"));
    }

    [Test]
    public void A_file_without_a_key_stops_start_up()
    {
        using var certificate = TestCertificates.Server();
        string pem = WriteFile("cert-only.pem", TestCertificates.CertificatePem(certificate));

        Assert.That(Refusal($"CERTFILE {pem}\n"), Does.StartWith($"{Conf}:1: CERTFILE {pem}: holds no private key"));
    }

    [Test]
    public void A_file_without_a_certificate_stops_start_up()
    {
        using var certificate = TestCertificates.Server();
        string pem = WriteFile("key-only.pem", TestCertificates.KeyPem(certificate));

        Assert.That(Refusal($"CERTFILE {pem}\n"), Does.StartWith($"{Conf}:1: CERTFILE {pem}: holds no certificate"));
    }

    [Test]
    public void A_key_that_is_not_the_certificates_stops_start_up()
    {
        using var certificate = TestCertificates.Server();
        using var other = TestCertificates.Server();
        string pem = WriteFile("mismatch.pem", TestCertificates.CertificatePem(certificate) + TestCertificates.KeyPem(other));

        Assert.That(Refusal($"CERTFILE {pem}\n"), Is.EqualTo($"{Conf}:1: CERTFILE {pem}: the private key does not belong to the certificate (CN=127.0.0.1)"));
    }

    [Test]
    public void The_certificate_matching_the_key_is_served_whatever_its_place_in_the_file()
    {
        using var authority = TestCertificates.Authority();
        using var certificate = TestCertificates.Server();
        string pem = WriteFile("bundle.pem", TestCertificates.KeyPem(certificate) + TestCertificates.CertificatePem(authority) + TestCertificates.CertificatePem(certificate));

        var tls = Load($"CERTFILE {pem}\n");

        Assert.That(tls!.Certificate.Thumbprint, Is.EqualTo(certificate.Thumbprint));
    }

    [Test]
    public void A_damaged_key_stops_start_up()
    {
        using var certificate = TestCertificates.Server();
        string pem = WriteFile("damaged.pem", TestCertificates.CertificatePem(certificate)
            + "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");

        Assert.That(Refusal($"CERTFILE {pem}\n"), Does.StartWith($"{Conf}:1: CERTFILE {pem}: the private key cannot be read"));
    }

    [Test]
    public void An_expired_certificate_stops_start_up()
    {
        using var certificate = TestCertificates.Server(DateTimeOffset.UtcNow.AddYears(-2), DateTimeOffset.UtcNow.AddDays(-3));
        string pem = WriteFile("expired.pem", TestCertificates.CombinedPem(certificate));

        Assert.That(Refusal($"CERTFILE {pem}\n"), Does.StartWith($"{Conf}:1: CERTFILE {pem}: the certificate (CN=127.0.0.1) expired on "));
    }

    [Test]
    public void A_certificate_expiring_within_thirty_days_is_a_warning()
    {
        using var certificate = TestCertificates.Server(notAfter: DateTimeOffset.UtcNow.AddDays(10).AddHours(1));
        string pem = WriteFile("soon.pem", TestCertificates.CombinedPem(certificate));
        var warnings = new List<string>();

        Assert.That(Load($"CERTFILE {pem}\nDISABLE_WEAK_SSL on\n", warnings), Is.Not.Null);
        Assert.That(warnings.Single(), Does.StartWith($"{Conf}:1: CERTFILE {pem}: the certificate (CN=127.0.0.1) expires on ").And.Contain("in 10 day(s); renew it"));
    }

    [Test]
    public void A_certificate_with_more_than_thirty_days_left_is_no_warning()
    {
        using var certificate = TestCertificates.Server(notAfter: DateTimeOffset.UtcNow.AddDays(31));
        string pem = WriteFile("later.pem", TestCertificates.CombinedPem(certificate));
        var warnings = new List<string>();

        Load($"CERTFILE {pem}\nDISABLE_WEAK_SSL true\n", warnings);

        Assert.That(warnings, Is.Empty);
    }

    [Test]
    public void Without_disable_weak_ssl_there_is_upsds_advice()
    {
        using var certificate = TestCertificates.Server();
        string pem = WriteFile("upsd.pem", TestCertificates.CombinedPem(certificate));
        var warnings = new List<string>();

        Load($"CERTFILE {pem}\n", warnings);

        Assert.That(warnings.Single(), Is.EqualTo($"{Conf}: DISABLE_WEAK_SSL is not enabled; consider enabling it (TLS 1.2 or later, strong cipher suites only), as upsd advises"));
    }

    [Test]
    public void An_encrypted_key_is_opened_with_certidents_password_which_no_message_shows()
    {
        using var certificate = TestCertificates.Server();
        string encrypted = certificate.GetRSAPrivateKey()!.ExportEncryptedPkcs8PrivateKeyPem("k3yPass".AsSpan(),
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000));
        string pem = WriteFile("encrypted.pem", TestCertificates.CertificatePem(certificate) + encrypted);

        Assert.That(Load($"CERTFILE {pem}\nCERTIDENT \"\" k3yPass\n")!.Certificate.HasPrivateKey);
        Assert.That(Refusal($"CERTFILE {pem}\n"), Does.Contain("the private key is encrypted; give its password as CERTIDENT's second word"));
        var wrong = Refusal($"CERTFILE {pem}\nCERTIDENT \"\" wr0ngPass\n");
        Assert.That(wrong, Does.Contain("cannot be decrypted with CERTIDENT's password"));
        Assert.That(wrong, Does.Not.Contain("wr0ngPass"));
    }

    [Test]
    public void An_nss_database_without_certfile_is_a_warning_saying_which_form_nutsharp_takes()
    {
        string db = Path.Combine(_dir, "cert-db");
        Directory.CreateDirectory(db);
        File.WriteAllText(Path.Combine(db, "cert9.db"), "");
        var warnings = new List<string>();

        var tls = Load($"CERTPATH {db}\nCERTIDENT upsd s3cretDbPass\n", warnings);

        Assert.That(tls, Is.Null);
        Assert.That(warnings.Single(), Does.StartWith($"{Conf}:1: CERTPATH and CERTIDENT name a certificate in an NSS database")
            .And.Contain("NutSharp takes CERTFILE with a PEM file").And.Contain("pk12util").And.Contain("ERR FEATURE-NOT-CONFIGURED")
            .And.Not.Contain("s3cretDbPass"));
    }

    [Test]
    public void Certpath_with_authorities_is_what_client_certificates_must_chain_to_under_certrequest_2()
    {
        using var certificate = TestCertificates.Server();
        using var authority = TestCertificates.Authority();
        string pem = WriteFile("upsd.pem", TestCertificates.CombinedPem(certificate));
        string cas = WriteFile("clients-ca.pem", TestCertificates.CertificatePem(authority));

        var tls = Load($"CERTFILE {pem}\nCERTPATH {cas}\nCERTREQUEST REQUIRE\n");

        Assert.That(tls!.ClientCertificates, Is.EqualTo(ClientCertificateRequest.Require));
        Assert.That(tls.ClientRoots!.Single().Thumbprint, Is.EqualTo(authority.Thumbprint));
    }
}
