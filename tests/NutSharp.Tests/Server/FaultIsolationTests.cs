using NutSharp.Tests.Testing;
using Microsoft.Extensions.Logging;
using NutSharp.Devices;

namespace NutSharp.Tests.Server;

/// <summary>An exception while serving one request closes that one client with a log line; the server goes on.</summary>
public class FaultIsolationTests
{
    private const string Version = "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/";

    /// <summary>A driver with a bug: every SET and INSTCMD throws.</summary>
    private sealed class ThrowingDriver : IDeviceDriver
    {
        public DeviceRequestResult SetVariable(string name, string value, string? trackingId) => throw new DriverBugException("SET " + name);

        public DeviceRequestResult InstantCommand(string name, string? parameter, string? trackingId) => throw new DriverBugException("INSTCMD " + name);
    }

    private sealed class DriverBugException(string message) : Exception(message);

    [TestCase("SET VAR ups1 ups.id abc")]
    [TestCase("INSTCMD ups1 load.off")]
    public async Task A_request_that_throws_closes_only_its_own_client(string request)
    {
        var log = new LogRecorder();
        await using var server = new InProcessServer(logger: log);
        server.Ups.Driver = new ThrowingDriver();
        using var before = server.Connect();
        Assert.That(before.Ask("VER"), Is.EqualTo(Version));

        using (var thrower = server.Connect())
        {
            Assert.That(thrower.Ask("USERNAME admin"), Is.EqualTo("OK"));
            Assert.That(thrower.Ask("PASSWORD adminpass"), Is.EqualTo("OK"));
            thrower.Send(request + "\nVER\n");
            Assert.That(thrower.ReadLine(), Is.Null, "the connection whose request threw is closed, the rest of its read unanswered");
        }

        Assert.That(before.Ask("GET VAR ups1 ups.status"), Is.EqualTo("VAR ups1 ups.status \"OL\""), "a client connected before is still answered");
        using var after = server.Connect();
        Assert.That(after.Ask("VER"), Is.EqualTo(Version), "a client connecting after is answered");
        Assert.That(server.Server.ConnectionCount, Is.EqualTo(2));

        var warnings = log.Lines.Where(e => e.Level >= LogLevel.Warning).ToList();
        Assert.That(warnings, Has.Count.EqualTo(1), string.Join("\n", warnings.Select(e => e.FullText)));
        Assert.That(warnings[0].Text, Does.Contain("127.0.0.1"));
        Assert.That(warnings[0].Exception, Is.TypeOf<DriverBugException>());
        Assert.That(log.Lines.Select(e => e.FullText), Has.None.Contains("adminpass"), "a password never reaches the log");
    }

    [Test]
    public async Task Many_throwing_requests_leave_the_server_serving()
    {
        var log = new LogRecorder();
        await using var server = new InProcessServer(logger: log);
        server.Ups.Driver = new ThrowingDriver();
        for (int i = 0; i < 20; i++)
        {
            using var thrower = server.Connect();
            Assert.That(thrower.Ask("USERNAME admin"), Is.EqualTo("OK"));
            Assert.That(thrower.Ask("PASSWORD adminpass"), Is.EqualTo("OK"));
            Assert.That(thrower.Ask("INSTCMD ups1 load.off"), Is.Null);
        }
        using var client = server.Connect();
        Assert.That(client.Ask("VER"), Is.EqualTo(Version));
        Assert.That(log.Lines.Count(e => e.Exception is DriverBugException), Is.EqualTo(20), "one line per failed request");
    }
}
