using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using NutSharp.Integration.Tests.Clients;
using NutSharp.Integration.Tests.Host;
using NutSharp.Testing;
using NutSharp.Testing.Tls;

namespace NutSharp.Integration.Tests.Tls;

/// <summary>
/// The README's commands that turn Debian's NSS database (upsd's CERTPATH and CERTIDENT) into the
/// PEM file NutSharp takes, run as written (only /etc/nut moved to a sandbox) on a database made
/// the way a Debian user makes one (certutil -S), then served.
/// </summary>
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class ReadmeNssToPemTests
{
    [GeneratedRegex(@"<!-- nss-to-pem[^\n]*\n```sh\n(?<script>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ReadmeBlock();

    [Test]
    public async Task The_readme_commands_turn_an_nss_database_into_a_certfile_nutsharp_serves()
    {
        if (!File.Exists(HostSandbox.Binary)) Assert.Ignore("the native nutsharp is not built (make build)");
        TlsTools.RequireTools();
        TestPaths.RequireInstalled(TestPaths.Upsc);
        var match = ReadmeBlock().Match(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md")));
        Assert.That(match.Success, "README.md has the nss-to-pem block");
        using var sandbox = new HostSandbox();
        string etcNut = sandbox.ConfDir;

        // Debian's way: a database with a password (CERTIDENT upsd dbpass) and a self-signed certificate.
        string db = Path.Combine(etcNut, "cert-db");
        Directory.CreateDirectory(db);
        File.WriteAllText(Path.Combine(etcNut, "dbpass.txt"), "dbpass\n");
        File.WriteAllBytes(Path.Combine(etcNut, "noise"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
        await TlsTools.RunAsync(TlsTools.Certutil, "-N", "-d", "sql:" + db, "-f", Path.Combine(etcNut, "dbpass.txt"));
        await TlsTools.RunAsync(TlsTools.Certutil, "-S", "-d", "sql:" + db, "-f", Path.Combine(etcNut, "dbpass.txt"), "-z", Path.Combine(etcNut, "noise"),
            "-n", "upsd", "-s", "CN=127.0.0.1", "-x", "-t", "CTu,,", "-v", "24", "--extSAN", "ip:127.0.0.1,dns:localhost");
        var exported = await TlsTools.RunAsync(TlsTools.Certutil, "-L", "-d", "sql:" + db, "-n", "upsd", "-a");
        using var databaseCertificate = X509Certificate2.CreateFromPem(exported.Stdout);

        string script = match.Groups["script"].Value.Replace("/etc/nut", etcNut, StringComparison.Ordinal);
        var run = await ClientsProcess.RunAsync("/bin/bash", "-e", "-c", script);
        Assert.That(run.ExitCode, Is.Zero, run.ToString());

        string pem = Path.Combine(etcNut, "upsd.pem");
        Assert.That(File.Exists(Path.Combine(etcNut, "upsd.p12")), Is.False, "the PKCS#12 file is removed");
        Assert.That(File.GetUnixFileMode(pem) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead), Is.EqualTo(UnixFileMode.None), "the key is readable by its owner only");
        sandbox.Append("upsd.conf", $"CERTFILE {pem}\n");
        await sandbox.StartServingAsync();

        using var client = new StartTlsClient(sandbox.Port);
        Assert.That(client.StartTls(trusted: databaseCertificate), Is.EqualTo("OK STARTTLS"), "the server shows the database's certificate");
        Assert.That(client.Ask("GET VAR ups1 ups.status"), Is.EqualTo("VAR ups1 ups.status \"OL\""));
        var upsc = await ClientsProcess.RunAsync(TestPaths.Upsc, $"ups1@127.0.0.1:{sandbox.Port}", "ups.status");
        Assert.That((upsc.ExitCode, upsc.Stdout), Is.EqualTo((0, "OL\n")), upsc.ToString());
        Assert.That(upsc.Stderr, Does.Contain("in SSL"), upsc.ToString());
    }
}
