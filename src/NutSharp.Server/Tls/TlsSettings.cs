using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NutSharp.Config;

namespace NutSharp.Server.Tls;

/// <summary>
/// What a STARTTLS handshake offers: the server's certificate (with the chain from CERTFILE), the
/// protocol versions and cipher suites (DISABLE_WEAK_SSL), what is asked of the client's
/// certificate (CERTREQUEST) and how long a handshake may take. Built once at start-up by
/// <see cref="TlsCertificateLoader"/>; upsd too sets TLS up once and does not re-read it on reload.
/// </summary>
public sealed class TlsSettings
{
    /// <summary>How long a client has, after <c>OK STARTTLS</c>, to finish its handshake (upsd has no limit and blocks meanwhile).</summary>
    public static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Extended key usage "TLS client authentication".</summary>
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    public required X509Certificate2 Certificate { get; init; }

    public required SslStreamCertificateContext CertificateContext { get; init; }

    /// <summary>The certificate file (CERTFILE), for messages.</summary>
    public required string CertificateFile { get; init; }

    /// <summary>DISABLE_WEAK_SSL: TLS 1.2 at least, and only forward-secret AEAD cipher suites.</summary>
    public bool DisableWeakSsl { get; init; }

    public ClientCertificateRequest ClientCertificates { get; init; }

    /// <summary>The authorities a client certificate must chain to under CERTREQUEST 2 (from CERTPATH); null: the system's trust store.</summary>
    public X509Certificate2Collection? ClientRoots { get; init; }

    public TimeSpan HandshakeTimeout { get; init; } = DefaultHandshakeTimeout;

    /// <summary>
    /// The options of one handshake (a new object each time: SslStream may keep a reference).
    /// <paramref name="refused"/> hears why a client certificate was refused, for the log.
    /// </summary>
    public SslServerAuthenticationOptions CreateServerOptions(Action<string>? refused = null) => new()
    {
        ServerCertificateContext = CertificateContext,
        // Without DISABLE_WEAK_SSL the system's defaults apply (Debian 12's OpenSSL: TLS 1.2 and up);
        // upsd 2.8.0 likewise only switches SSLv2/v3 off and leaves the rest to the library.
        EnabledSslProtocols = DisableWeakSsl ? SslProtocols.Tls12 | SslProtocols.Tls13 : SslProtocols.None,
        // NutSharp runs on Linux only (epoll); Windows has no cipher-suite policy.
        CipherSuitesPolicy = DisableWeakSsl && !OperatingSystem.IsWindows() ? StrongCipherSuites() : null,
        ClientCertificateRequired = ClientCertificates != ClientCertificateRequest.No,
        RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
        {
            if (ClientCertificateProblem(certificate, chain) is not { } problem) return true;
            refused?.Invoke(problem);
            return false;
        },
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
    };

    /// <summary>
    /// upsd.conf(5): NO asks nothing, REQUEST wants some certificate, REQUIRE one whose chain the
    /// server trusts (CERTPATH's authorities, or the system's when there is no CERTPATH). Null when
    /// the client passes; otherwise what is wrong.
    /// </summary>
    private string? ClientCertificateProblem(X509Certificate? certificate, X509Chain? chain)
    {
        if (ClientCertificates == ClientCertificateRequest.No) return null;
        if (certificate is null) return $"the client presented no certificate (CERTREQUEST {ClientCertificates.ToString().ToUpperInvariant()})";
        if (ClientCertificates == ClientCertificateRequest.Request) return null;
        using var built = new X509Chain();
        built.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        built.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        if (ClientRoots is not null)
        {
            built.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            built.ChainPolicy.CustomTrustStore.AddRange(ClientRoots);
        }
        if (chain is not null)
            foreach (var element in chain.ChainElements) built.ChainPolicy.ExtraStore.Add(element.Certificate);
        using var leaf = new X509Certificate2(certificate);
        if (built.Build(leaf)) return null;
        string why = string.Join(", ", built.ChainStatus.Select(s => s.Status.ToString()).Distinct());
        return $"the client's certificate ({leaf.Subject}) is not trusted under CERTREQUEST REQUIRE ({why})";
    }

    /// <summary>TLS 1.3's suites and TLS 1.2's ECDHE with AES-GCM or ChaCha20-Poly1305: what "HIGH" leaves once the weak and non-forward-secret ones are gone.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static CipherSuitesPolicy StrongCipherSuites() => new(
    [
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ]);
}
