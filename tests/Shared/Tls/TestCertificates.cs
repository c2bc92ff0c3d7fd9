using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NutSharp.Testing.Tls;

/// <summary>Certificates made for a test: self-signed server certificates for 127.0.0.1, a small CA and client certificates it signs, written as PEM.</summary>
public static class TestCertificates
{
    /// <summary>A self-signed server certificate (RSA 2048, CN and SAN 127.0.0.1 and localhost) valid from <paramref name="notBefore"/> to <paramref name="notAfter"/>.</summary>
    public static X509Certificate2 Server(DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, string name = "127.0.0.1")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request.CreateSelfSigned(notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddYears(1));
    }

    /// <summary>A CA certificate with its key, for signing client certificates.</summary>
    public static X509Certificate2 Authority(string name = "NutSharp Test CA")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
    }

    /// <summary>A client certificate (TLS client authentication) signed by <paramref name="authority"/>, with its key.</summary>
    public static X509Certificate2 Client(X509Certificate2 authority, string name = "upsmon")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var serial = new byte[8];
        RandomNumberGenerator.Fill(serial);
        using var signed = request.Create(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1), serial);
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>The certificate in PEM.</summary>
    public static string CertificatePem(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

    /// <summary>The private key in PEM (PKCS#8, unencrypted).</summary>
    public static string KeyPem(X509Certificate2 certificate) =>
        (certificate.GetRSAPrivateKey() ?? throw new InvalidOperationException("no RSA private key")).ExportPkcs8PrivateKeyPem() + "\n";

    /// <summary>What upsd's OpenSSL builds take as CERTFILE: the certificate, then its key.</summary>
    public static string CombinedPem(X509Certificate2 certificate) => CertificatePem(certificate) + KeyPem(certificate);
}
