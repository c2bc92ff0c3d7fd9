using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NutSharp.Config;

namespace NutSharp.Server.Tls;

/// <summary>
/// Reads CERTFILE (and CERTPATH for CERTREQUEST) once at start-up and checks what upsd 2.8.0 would
/// only find out at the first handshake, if at all: a missing or unreadable file, no certificate,
/// no key, a key that is not the certificate's, an expired certificate. Each stops start-up with
/// a <see cref="ConfigException"/> naming upsd.conf's line and the file (NUT 2.8.6 also refuses to
/// start on TLS settings it cannot apply; 2.8.0 logged and went on in plain text). A certificate
/// that expires within <see cref="ExpiryWarningDays"/> days is a warning. Passwords (CERTIDENT's
/// second word) never appear in a message.
/// </summary>
public static class TlsCertificateLoader
{
    public const int ExpiryWarningDays = 30;

    /// <param name="upsd">upsd.conf as read.</param>
    /// <param name="upsdConfPath">Its path, for messages.</param>
    /// <param name="now">The time the certificate's validity is checked against.</param>
    /// <param name="warnings">Receives what does not stop start-up.</param>
    /// <returns>The TLS settings, or null when upsd.conf configures no certificate NutSharp can use.</returns>
    public static TlsSettings? Load(UpsdSettings upsd, string upsdConfPath, DateTime now, List<string> warnings)
    {
        bool nssDatabase = upsd.CertPath is { } certPath && IsNssDatabase(certPath);
        if (upsd.CertFile is null)
        {
            // Only when Debian's upsd would offer TLS (it needs both): then clients that used TLS lose it.
            if (upsd.CertPath is not null && upsd.CertIdentName is not null)
                warnings.Add($"{Where(upsdConfPath, upsd.CertPathLine)}: "
                    + "CERTPATH and CERTIDENT name a certificate in an NSS database (Debian's upsd is built with NSS); NutSharp takes "
                    + "CERTFILE with a PEM file holding the certificate and its key instead (README, \"TLS\", shows the pk12util and "
                    + "openssl commands that make one from the database). Until then STARTTLS answers ERR FEATURE-NOT-CONFIGURED "
                    + "and clients go on in plain text");
            return null;
        }

        string certFile = upsd.CertFile;
        string keyFile = upsd.CertKeyFile ?? certFile;
        ConfigException Problem(string file, string problem) =>
            new(upsdConfPath, upsd.CertFileLine, $"CERTFILE {file}: {problem}");

        string certText = ReadPem(certFile, Problem);
        string keyText = keyFile == certFile ? certText : ReadPem(keyFile, Problem);

        var chain = new X509Certificate2Collection();
        try
        {
            chain.ImportFromPem(certText);
        }
        catch (CryptographicException e)
        {
            throw Problem(certFile, "a certificate in it cannot be read: " + e.Message);
        }
        if (chain.Count == 0)
            throw Problem(certFile, "holds no certificate (a PEM block \"-----BEGIN CERTIFICATE-----\"); it must hold the server's certificate, any intermediate ones, then the private key");
        if (!keyText.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            throw Problem(keyFile, keyFile == certFile
                ? "holds no private key: put the key after the certificates (as upsd's OpenSSL builds want it), or name a key file after the certificate file"
                : "holds no private key");

        // upsd's order puts the server's own certificate first, then its chain; a file exported from
        // a PKCS#12 bundle may list them in another order, so the one that matches the key is the
        // server's.
        var leafOnly = chain[0];
        bool encrypted = keyText.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal);
        // As upsd 2.8.6's OpenSSL builds: CERTIDENT's second word is the key's password.
        if (encrypted && upsd.CertIdentPassword is null)
            throw Problem(keyFile, "the private key is encrypted; give its password as CERTIDENT's second word (CERTIDENT \"\" <password>)");
        X509Certificate2? certificate = null;
        foreach (var candidate in chain)
        {
            try
            {
                certificate = encrypted
                    ? X509Certificate2.CreateFromEncryptedPem(candidate.ExportCertificatePem(), keyText, upsd.CertIdentPassword)
                    : X509Certificate2.CreateFromPem(candidate.ExportCertificatePem(), keyText);
                break;
            }
            catch (CryptographicException)
            {
                // Not this one's key (or not a key at all: told apart below).
            }
        }
        if (certificate is null)
            throw Problem(keyFile, KeyReadable(leafOnly, keyText, encrypted ? upsd.CertIdentPassword : null)
                ? $"the private key does not belong to the certificate ({leafOnly.Subject}){(chain.Count > 1 ? " nor to any other certificate in " + certFile : "")}"
                : encrypted
                    ? "the private key cannot be decrypted with CERTIDENT's password, or is not a key this server can read"
                    : "the private key cannot be read (not an RSA, EC or DSA key in PEM)");

        if (certificate.NotAfter.ToUniversalTime() <= now.ToUniversalTime())
            throw Problem(certFile, $"the certificate ({certificate.Subject}) expired on {Date(certificate.NotAfter)}; clients would refuse it");
        double daysLeft = (certificate.NotAfter.ToUniversalTime() - now.ToUniversalTime()).TotalDays;
        if (daysLeft < ExpiryWarningDays)
            warnings.Add($"{Where(upsdConfPath, upsd.CertFileLine)}: CERTFILE {certFile}: the certificate ({certificate.Subject}) expires on {Date(certificate.NotAfter)}, in {Math.Max(0, (int)daysLeft)} day(s); renew it");
        if (certificate.NotBefore.ToUniversalTime() > now.ToUniversalTime())
            warnings.Add($"{Where(upsdConfPath, upsd.CertFileLine)}: CERTFILE {certFile}: the certificate ({certificate.Subject}) is not valid before {Date(certificate.NotBefore)}; clients that check it refuse it until then (is the clock right?)");

        var intermediates = new X509Certificate2Collection();
        foreach (var other in chain)
            if (other.Thumbprint != certificate.Thumbprint) intermediates.Add(other);

        X509Certificate2Collection? clientRoots = null;
        if (upsd.CertRequest == ClientCertificateRequest.Require && upsd.CertPath is { } authorities && !nssDatabase)
            clientRoots = ReadAuthorities(authorities, upsdConfPath, upsd.CertPathLine);
        if (nssDatabase)
            warnings.Add($"{Where(upsdConfPath, upsd.CertPathLine)}: CERTPATH {upsd.CertPath} is an NSS database (Debian's upsd); NutSharp does not read it: it serves CERTFILE"
                + (upsd.CertRequest == ClientCertificateRequest.Require ? ", and checks client certificates against the system's trust store" : ""));

        // upsd 2.8.0 says the same at start-up ("DISABLE_WEAK_SSL is not enabled").
        if (!upsd.DisableWeakSsl)
            warnings.Add($"{upsdConfPath}: DISABLE_WEAK_SSL is not enabled; consider enabling it (TLS 1.2 or later, strong cipher suites only), as upsd advises");

        return new TlsSettings
        {
            Certificate = certificate,
            CertificateContext = System.Net.Security.SslStreamCertificateContext.Create(certificate, intermediates, offline: true),
            CertificateFile = certFile,
            DisableWeakSsl = upsd.DisableWeakSsl,
            ClientCertificates = upsd.CertRequest,
            ClientRoots = clientRoots,
        };
    }

    /// <summary>An NSS database directory holds cert9.db (or the older cert8.db).</summary>
    public static bool IsNssDatabase(string path) =>
        Directory.Exists(path) && (File.Exists(Path.Combine(path, "cert9.db")) || File.Exists(Path.Combine(path, "cert8.db")));

    private static string ReadPem(string file, Func<string, string, ConfigException> problem)
    {
        if (Directory.Exists(file)) throw problem(file, "is a directory, not a PEM file");
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw problem(file, "the file does not exist");
        }
        catch (UnauthorizedAccessException)
        {
            throw problem(file, "the file cannot be read (permission denied; the server reads it before it gives up root)");
        }
        catch (IOException e)
        {
            throw problem(file, "the file cannot be read: " + e.Message);
        }
    }

    /// <summary>Whether the key on its own is readable, to tell "not the certificate's key" from "not a key".</summary>
    private static bool KeyReadable(X509Certificate2 certificate, string keyText, string? password)
    {
        try
        {
            AsymmetricAlgorithm key = certificate.GetKeyAlgorithm() switch
            {
                "1.2.840.10045.2.1" => ECDsa.Create(),
                "1.2.840.10040.4.1" => DSA.Create(),
                _ => RSA.Create(),
            };
            using (key)
            {
                if (password is null) key.ImportFromPem(keyText);
                else key.ImportFromEncryptedPem(keyText, password);
            }
            return true;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>CERTPATH for client certificates (upsd.conf(5), OpenSSL builds): one PEM file of authorities, or a directory of them.</summary>
    private static X509Certificate2Collection ReadAuthorities(string path, string upsdConfPath, int line)
    {
        var roots = new X509Certificate2Collection();
        IEnumerable<string> files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path).Order(StringComparer.Ordinal)
            : [path];
        foreach (var file in files)
        {
            try
            {
                roots.ImportFromPem(File.ReadAllText(file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                throw new ConfigException(upsdConfPath, line, $"CERTPATH {file}: cannot read the certificate authorities in it: {e.Message}");
            }
        }
        if (roots.Count == 0)
            throw new ConfigException(upsdConfPath, line, $"CERTPATH {path}: holds no PEM certificate, so no client certificate could be trusted under CERTREQUEST 2");
        return roots;
    }

    private static string Where(string file, int line) => line > 0 ? $"{file}:{line}" : file;

    private static string Date(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
