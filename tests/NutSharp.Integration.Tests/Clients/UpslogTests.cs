using NutSharp.Testing;
using static NutSharp.Testing.TestPaths;

namespace NutSharp.Integration.Tests.Clients;

/// <summary>Debian's upslog (nut-client 2.8.0): periodic GET VAR polling from one connection, written to a log file.</summary>
[TestFixture(ClientsServer.NutSharpKind)]
[TestFixture(ClientsServer.UpsdKind)]
public sealed class UpslogTests(string serverKind) : ClientsFixture(serverKind)
{
    protected override ClientsConfiguration Configuration => ClientsConfiguration.Spec;

    [Test]
    public async Task Logs_the_formatted_variables_every_interval()
    {
        string workDirectory = Path.Combine(Server.Directory, "upslog-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(workDirectory);
        string logFile = Path.Combine(workDirectory, "ups.log");

        await using (var upslog = ClientsBackgroundProcess.Start(Upslog,
        [
            "-s", Server.Target("dummy1"), "-l", logFile, "-i", "1", "-F",
            "-p", Path.Combine(workDirectory, "upslog"),
            "-f", "%VAR ups.status% | %VAR battery.charge% | %VAR no.such.var%",
        ], Server.NutEnvironment))
        {
            await Wait.ForAsync(() => LogLines(logFile).Length >= 2 || upslog.HasExited, WaitTimeout);
            Assert.That(upslog.HasExited, Is.False, upslog.ToString());
        }

        var lines = LogLines(logFile);
        Assert.That(lines, Has.Length.GreaterThanOrEqualTo(2), $"log file:\n{string.Join('\n', lines)}");
        // A variable the UPS does not have (ERR VAR-NOT-SUPPORTED) is logged as NA.
        Assert.That(lines, Has.All.EqualTo("OL CHRG | 87 | NA"));
    }

    private static string[] LogLines(string path)
    {
        if (!File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return Lines(reader.ReadToEnd());
    }
}
