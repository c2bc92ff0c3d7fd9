using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Http;

/// <summary>HTTPS from PEM files named in nutsharp.toml, and the start-up refusals an [http] table can cause.</summary>
[TestFixture]
[NonParallelizable]
public sealed class HttpsAndStartupTests
{
    /// <summary>A self-signed certificate for 127.0.0.1 written as PEM certificate and PEM key files.</summary>
    private static (string Certificate, string Key) WritePem(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=nutsharp-test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        Directory.CreateDirectory(directory);
        string certPath = Path.Combine(directory, "test-cert.pem"), keyPath = Path.Combine(directory, "test-key.pem");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath);
    }

    [Test]
    public async Task With_a_certificate_and_key_every_listener_serves_https_only()
    {
        using var sandbox = new HttpSandbox();
        sandbox.Tls = WritePem(Path.Combine(sandbox.Host.Root, "pem"));
        await sandbox.StartAsync();
        Assert.That(sandbox.Server!.Output, Does.Contain($"https://127.0.0.1:{sandbox.HttpPort}"));
        Assert.That(await sandbox.Client.GetStringAsync("api/v1/devices/ups1/var/ups.model"), Is.EqualTo("\"One\""));

        using var plain = new HttpClient { Timeout = Wait.DefaultTimeout };
        Assert.That(async () => await plain.GetAsync($"http://127.0.0.1:{sandbox.HttpPort}/api/ping"), Throws.InstanceOf<HttpRequestException>(),
            "plain HTTP is not answered on an HTTPS listener");
    }

    [Test]
    public void A_missing_key_file_stops_start_up_naming_the_setting()
    {
        using var sandbox = new HttpSandbox();
        sandbox.Host.Write("nutsharp.toml", $"[http]\nlisten = [\"127.0.0.1:{sandbox.HttpPort}\"]\ntls_certificate = \"cert.pem\"\ntls_key = \"missing.pem\"\n");
        File.WriteAllText(sandbox.Host.ConfPath("cert.pem"), "not a certificate");
        var run = sandbox.Host.RunToExit("serve", "-F");
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Stderr, Does.Contain($"nutsharp: {sandbox.Host.ConfPath("nutsharp.toml")}:4:11: {sandbox.Host.ConfPath("missing.pem")}: no such file"));
    }

    [Test]
    public void A_certificate_that_does_not_load_stops_start_up_naming_the_setting()
    {
        using var sandbox = new HttpSandbox();
        sandbox.Host.Write("nutsharp.toml", $"[http]\nlisten = [\"127.0.0.1:{sandbox.HttpPort}\"]\ntls_certificate = \"cert.pem\"\ntls_key = \"key.pem\"\n");
        File.WriteAllText(sandbox.Host.ConfPath("cert.pem"), "not a certificate");
        File.WriteAllText(sandbox.Host.ConfPath("key.pem"), "not a key");
        var run = sandbox.Host.RunToExit("serve", "-F");
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Stderr, Does.Contain($"nutsharp: {sandbox.Host.ConfPath("nutsharp.toml")}:3:19: cannot use {sandbox.Host.ConfPath("cert.pem")} with {sandbox.Host.ConfPath("key.pem")} for HTTPS"));
        Assert.That(run.Stderr, Does.Not.Contain("not a key"), "the key's content is never echoed");
    }

    [Test]
    public void An_address_already_in_use_stops_start_up_naming_the_listen_entry()
    {
        using var sandbox = new HttpSandbox();
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, sandbox.HttpPort));
        taken.Listen();
        sandbox.Host.Write("nutsharp.toml", $"[http]\nlisten = [\"[::1]:{sandbox.HttpPort}\", \"127.0.0.1:{sandbox.HttpPort}\"]\n");
        var run = sandbox.Host.RunToExit("serve", "-F");
        Assert.That(run.ExitCode, Is.EqualTo(1));
        int column = $"listen = [\"[::1]:{sandbox.HttpPort}\", ".Length + 1;
        Assert.That(run.Stderr, Does.Contain($"nutsharp: {sandbox.Host.ConfPath("nutsharp.toml")}:2:{column}: cannot listen for HTTP on 127.0.0.1:{sandbox.HttpPort}: "));
    }

    [Test]
    public async Task A_login_can_be_required_for_reads_too()
    {
        using var sandbox = new HttpSandbox { ExtraHttpSettings = "require_login_for_reads = true\n" };
        await sandbox.StartAsync();
        foreach (var path in new[] { "api/v1/devices", "metrics", "api/v1/devices/ups1/var/ups.status" })
        {
            using var anonymous = await sandbox.Client.GetAsync(path);
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), path);
            using var wrong = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = HttpSandbox.Basic("watcher", "nope") } };
            Assert.That((await sandbox.Client.SendAsync(wrong)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), path);
            // Any upsd.users user may read, whatever its rights (watcher has none but upsmon).
            using var right = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = HttpSandbox.Basic("watcher", "watchpass") } };
            Assert.That((await sandbox.Client.SendAsync(right)).StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
        }
    }
}
