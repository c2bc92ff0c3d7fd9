using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using NutSharp.Integration.Tests.Clients;
using NutSharp.Integration.Tests.Host;
using NutSharp.Testing;
using NutSharp.Testing.Tls;

namespace NutSharp.Integration.Tests.Tls;

/// <summary>
/// What the STARTTLS tests share: the NSS and OpenSSL command-line tools (Debian's
/// <c>libnss3-tools</c> and <c>openssl</c>), a server certificate written as CERTFILE, and NSS
/// databases for NUT's clients and for Debian's own upsd.
/// </summary>
internal static class TlsTools
{
    public const string Certutil = "/usr/bin/certutil";
    public const string Pk12util = "/usr/bin/pk12util";
    public const string OpenSsl = "/usr/bin/openssl";
    public const string Upsmon = "/lib/nut/upsmon";

    public static void RequireTools() => TestPaths.RequireInstalled(Certutil, Pk12util, OpenSsl);

    /// <summary>Writes <paramref name="certificate"/> and its key as <c>upsd.pem</c> in the sandbox and names it in upsd.conf as CERTFILE.</summary>
    public static string UseCertificate(HostSandbox sandbox, X509Certificate2 certificate, string extraUpsdConf = "")
    {
        string pem = sandbox.ConfPath("upsd.pem");
        File.WriteAllText(pem, TestCertificates.CombinedPem(certificate));
        sandbox.Append("upsd.conf", $"CERTFILE {pem}\n{extraUpsdConf}");
        return pem;
    }

    /// <summary>Runs a tool to completion; fails the test with its output when it exits non-zero.</summary>
    public static async Task<ClientsProcessResult> RunAsync(string tool, params string[] arguments)
    {
        var result = await ClientsProcess.RunAsync(tool, arguments);
        if (result.ExitCode != 0) Assert.Fail(result.ToString());
        return result;
    }

    /// <summary>
    /// An empty NSS database (no password) in <paramref name="directory"/> that trusts
    /// <paramref name="trusted"/> as a server certificate (trust "P"), as a NUT client's CERTPATH.
    /// </summary>
    public static async Task<string> ClientDatabaseAsync(string directory, X509Certificate2 trusted)
    {
        Directory.CreateDirectory(directory);
        await RunAsync(Certutil, "-N", "-d", "sql:" + directory, "--empty-password");
        string pem = Path.Combine(directory, "trusted.pem");
        File.WriteAllText(pem, TestCertificates.CertificatePem(trusted));
        await RunAsync(Certutil, "-A", "-d", "sql:" + directory, "-n", "nut-server", "-t", "P,,", "-i", pem);
        return directory;
    }

    /// <summary>Adds <paramref name="certificate"/> with its key to an NSS database (no password) under <paramref name="nickname"/>: a client's own certificate (upsmon's CERTIDENT).</summary>
    public static async Task ImportClientCertificateAsync(string database, X509Certificate2 certificate, string nickname)
    {
        string pem = Path.Combine(database, nickname + ".pem");
        string p12 = Path.Combine(database, nickname + ".p12");
        File.WriteAllText(pem, TestCertificates.CombinedPem(certificate));
        await RunAsync(OpenSsl, "pkcs12", "-export", "-in", pem, "-name", nickname, "-out", p12, "-passout", "pass:transfer");
        await RunAsync(Pk12util, "-i", p12, "-d", "sql:" + database, "-W", "transfer", "-K", "");
    }

    /// <summary>An NSS database for Debian's upsd (CERTPATH) holding <paramref name="certificate"/> and its key under <paramref name="nickname"/>.</summary>
    public static async Task<string> ServerDatabaseAsync(string directory, X509Certificate2 certificate, string nickname = "upsd")
    {
        Directory.CreateDirectory(directory);
        await RunAsync(Certutil, "-N", "-d", "sql:" + directory, "--empty-password");
        string pem = Path.Combine(directory, "server.pem");
        string p12 = Path.Combine(directory, "server.p12");
        File.WriteAllText(pem, TestCertificates.CombinedPem(certificate));
        await RunAsync(OpenSsl, "pkcs12", "-export", "-in", pem, "-name", nickname, "-out", p12, "-passout", "pass:transfer");
        await RunAsync(Pk12util, "-i", p12, "-d", "sql:" + directory, "-W", "transfer", "-K", "");
        return directory;
    }

    /// <summary>
    /// Starts Debian's upsmon 2.8.0 in the foreground with its configuration directory
    /// <paramref name="directory"/>, in a mount namespace of its own with a private /run/nut (it
    /// always writes /run/nut/upsmon.pid), its output going to upsmon.log there.
    /// </summary>
    public static Process StartUpsmon(string directory)
    {
        var start = new ProcessStartInfo("unshare") { UseShellExecute = false };
        foreach (var a in (string[])["-m", "sh", "-c",
            "mkdir -p /run/nut && mount -t tmpfs tmpfs /run/nut && exec \"$0\" -p -DD >\"$NUT_CONFPATH/upsmon.log\" 2>&1 </dev/null", Upsmon])
            start.ArgumentList.Add(a);
        start.Environment["NUT_CONFPATH"] = directory;
        start.Environment["NUT_STATEPATH"] = directory;
        start.Environment["NUT_ALTPIDPATH"] = directory;
        return Process.Start(start) ?? throw new InvalidOperationException("could not start upsmon");
    }

    public static string UpsmonLog(string directory)
    {
        try
        {
            using var stream = new FileStream(Path.Combine(directory, "upsmon.log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new StreamReader(stream).ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return "";
        }
    }

    public static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        process.Dispose();
    }
}
