using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using NutSharp.Integration.Tests.Host;
using NutSharp.Testing;
using NutSharp.Testing.Tls;

namespace NutSharp.Integration.Tests.Tls;

/// <summary>
/// The power-failure scenario over STARTTLS: Debian's upsmon 2.8.0 as primary and as secondary,
/// both verifying the server's certificate (CERTVERIFY 1, FORCESSL 1, the certificate imported with
/// certutil), against the native server with a CERTFILE. OL, then OB, then OB LB: the primary sets
/// FSD, the secondary sees it, shuts down and goes, NUMLOGINS drops, then the primary shuts down.
/// </summary>
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UpsmonTlsScenarioTests
{
    private const int HostSync = 10;

    [Test]
    public async Task A_power_failure_shuts_the_secondary_then_the_primary_down_over_tls()
    {
        if (!File.Exists(HostSandbox.Binary)) Assert.Ignore("the native nutsharp is not built (make build)");
        TestPaths.RequireInstalled(TlsTools.Upsmon);
        TlsTools.RequireTools();
        using var sandbox = new HostSandbox();
        using var certificate = TestCertificates.Server();
        TlsTools.UseCertificate(sandbox, certificate, "DISABLE_WEAK_SSL true\n");
        sandbox.Append("upsd.users", "[tlsprimary]\n\tpassword = ppass\n\tupsmon primary\n");
        var server = await sandbox.StartServingAsync("-D");
        string devFile = sandbox.ConfPath("ups1.dev");

        string primary = await UpsmonDirectoryAsync(sandbox, "primary", "tlsprimary ppass primary", certificate);
        // The secondary logs in as the sandbox's upsmon-secondary user.
        string secondary = await UpsmonDirectoryAsync(sandbox, "secondary", "watcher watchpass secondary", certificate);
        var processes = new[] { TlsTools.StartUpsmon(secondary), TlsTools.StartUpsmon(primary) };
        try
        {
            using var watcher = sandbox.Connect();
            Wait.Until(() => watcher.Ask("GET NUMLOGINS ups1") == "NUMLOGINS ups1 2", "both upsmon to log in");
            foreach (var dir in new[] { primary, secondary })
            {
                Wait.Until(() => TlsTools.UpsmonLog(dir).Contains("[SSL]", StringComparison.Ordinal), $"{Path.GetFileName(dir)} to poll over TLS");
                Assert.That(TlsTools.UpsmonLog(dir), Does.Contain("Intend to authenticate server 127.0.0.1 : SUCCESS"));
            }
            Assert.That(TlsTools.UpsmonLog(primary), Does.Not.Contain("Primary managerial privileges unavailable"));

            SetStatus(devFile, "OB DISCHRG");
            Wait.Until(() => Notified(primary, "ONBATT") && Notified(secondary, "ONBATT"), "both to see the UPS on battery");
            SetStatus(devFile, "OB DISCHRG LB");
            Wait.Until(() => Notified(primary, "LOWBATT"), "the primary to see the battery low");

            Wait.Until(() => watcher.Ask("GET VAR ups1 ups.status")?.Contains("FSD", StringComparison.Ordinal) == true, "the primary's FSD to show in ups.status");
            Wait.Until(() => Notified(secondary, "FSD"), "the secondary to see FSD");
            Wait.Until(() => File.Exists(Path.Combine(secondary, "SHUTDOWN")), "the secondary to run its SHUTDOWNCMD", TimeSpan.FromSeconds(HostSync + 30));
            Wait.Until(() => File.Exists(Path.Combine(primary, "SHUTDOWN")), "the primary to run its SHUTDOWNCMD", TimeSpan.FromSeconds(HostSync + 30));
            Wait.Until(() => watcher.Ask("GET NUMLOGINS ups1") == "NUMLOGINS ups1 0", "NUMLOGINS to drop to 0");

            Assert.That(TlsTools.UpsmonLog(primary), Does.Contain("Setting FSD on UPS"));
            double secondaryAt = ShutdownTime(secondary), primaryAt = ShutdownTime(primary);
            Assert.That(primaryAt, Is.GreaterThanOrEqualTo(secondaryAt), "the primary shuts down after the secondary");
            Assert.That(server.Output, Does.Contain("TLS established with 127.0.0.1"));
        }
        finally
        {
            foreach (var p in processes) TlsTools.Stop(p);
        }
    }

    private static bool Notified(string dir, string type)
    {
        string log = Path.Combine(dir, "notify.log");
        return File.Exists(log) && File.ReadAllLines(log).Any(l => l.Split(' ').ElementAtOrDefault(1) == type);
    }

    private static double ShutdownTime(string dir) =>
        double.Parse(File.ReadAllLines(Path.Combine(dir, "SHUTDOWN"))[0], CultureInfo.InvariantCulture);

    /// <summary>
    /// dummy-ups re-reads its file when the modification time's second changes: the new status is
    /// written with a time strictly later than the last one.
    /// </summary>
    private static void SetStatus(string devFile, string status)
    {
        var last = File.GetLastWriteTimeUtc(devFile);
        var lines = File.ReadAllLines(devFile).Select(l => l.StartsWith("ups.status:", StringComparison.Ordinal) ? "ups.status: " + status : l);
        File.WriteAllLines(devFile, lines);
        var now = DateTime.UtcNow;
        File.SetLastWriteTimeUtc(devFile, now > last.AddSeconds(1) ? now : last.AddSeconds(1));
    }

    /// <summary>An upsmon directory: upsmon.conf (FORCESSL, CERTVERIFY with an NSS database trusting the server), a notify script, and where SHUTDOWNCMD writes.</summary>
    private static async Task<string> UpsmonDirectoryAsync(HostSandbox sandbox, string role, string credentials, X509Certificate2 certificate)
    {
        string dir = Path.Combine(sandbox.Root, "upsmon-" + role);
        await TlsTools.ClientDatabaseAsync(Path.Combine(dir, "db"), certificate);
        string notify = Path.Combine(dir, "notify.sh");
        File.WriteAllText(notify, $"#!/bin/sh\necho \"$(date +%s.%N) $NOTIFYTYPE $*\" >> {dir}/notify.log\n");
        File.SetUnixFileMode(notify, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var conf = new List<string>
        {
            $"MONITOR ups1@127.0.0.1:{sandbox.Port} 1 {credentials}",
            "MINSUPPLIES 1",
            $"SHUTDOWNCMD \"/bin/sh -c 'date +%s.%N >> {dir}/SHUTDOWN'\"",
            $"NOTIFYCMD \"{notify}\"",
            "POLLFREQ 2",
            "POLLFREQALERT 1",
            $"HOSTSYNC {HostSync}",
            "DEADTIME 15",
            "FINALDELAY 0",
            $"POWERDOWNFLAG {dir}/killpower",
            "RUN_AS_USER root",
            $"CERTPATH {dir}/db",
            "CERTVERIFY 1",
            "FORCESSL 1",
        };
        conf.AddRange(((string[])["ONLINE", "ONBATT", "LOWBATT", "FSD", "COMMOK", "COMMBAD", "SHUTDOWN", "NOCOMM"]).Select(e => $"NOTIFYFLAG {e} SYSLOG+EXEC"));
        string confFile = Path.Combine(dir, "upsmon.conf");
        File.WriteAllLines(confFile, conf);
        File.SetUnixFileMode(confFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        return dir;
    }
}
