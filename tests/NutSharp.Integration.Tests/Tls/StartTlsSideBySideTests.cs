using NutSharp.Integration.Tests.Host;
using NutSharp.Testing.Tls;

namespace NutSharp.Integration.Tests.Tls;

/// <summary>
/// Debian's upsd 2.8.0 (NSS: CERTPATH and CERTIDENT) and NutSharp (CERTFILE) with the same
/// certificate, asked the same STARTTLS questions by the same client: the answers must be the same
/// bytes, in plain text and inside TLS.
/// </summary>
[NonParallelizable]
public sealed class StartTlsSideBySideTests
{
    [Test]
    public async Task Starttls_answers_are_byte_identical_to_upsds_in_plain_text_and_over_tls()
    {
        SideBySide.RequireBothServers();
        TlsTools.RequireTools();
        using var certificate = TestCertificates.Server();
        string scratch = Path.Combine(Path.GetTempPath(), "nutsharp-tls-db-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            string database = await TlsTools.ServerDatabaseAsync(scratch, certificate);
            int box = 0;
            using var both = await SideBySide.StartAsync("tlsups", sandbox =>
            {
                sandbox.Write("tlsups.dev", "ups.status: OL\nbattery.charge: 97\n");
                // The first sandbox is upsd's: Debian's form. The second is NutSharp's: a PEM file.
                if (box++ == 0) sandbox.Append("upsd.conf", $"CERTPATH {database}\nCERTIDENT upsd \"\"\n");
                else TlsTools.UseCertificate(sandbox, certificate);
            });

            string[] requests = ["STARTTLS", "starttls with words", "VER", "GET VAR tlsups ups.status", "GET VAR tlsups nosuch.var", "LIST UPS", "LOGOUT"];
            var upsd = Transcript(both.Upsd.Port, certificate, requests);
            var nutsharp = Transcript(both.NutSharp.Port, certificate, requests);

            Assert.That(upsd[0], Is.EqualTo("OK STARTTLS"), "upsd's answer, as Debian's upsd gives it with a certificate");
            Assert.That(upsd, Does.Contain("ERR ALREADY-SSL-MODE"));
            Assert.That(nutsharp, Is.EqualTo(upsd));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>STARTTLS and the handshake, then each request's first reply line over TLS.</summary>
    private static List<string> Transcript(int port, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, string[] requests)
    {
        using var client = new StartTlsClient(port);
        var lines = new List<string> { client.StartTls(trusted: certificate) ?? "(closed)" };
        lines.AddRange(requests.Select(r => client.Ask(r) ?? "(closed)"));
        return lines;
    }
}
