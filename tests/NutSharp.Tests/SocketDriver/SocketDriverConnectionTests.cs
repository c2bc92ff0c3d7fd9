using NutSharp.Tests.Testing;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NutSharp.Config;
using NutSharp.Devices;
using NutSharp.Protocol;
using NutSharp.Drivers;
using NutSharp.Testing;
using NutSharp.Tests.Devices;
using Bridge = NutSharp.Drivers.Socket.SocketDriver;

namespace NutSharp.Tests.SocketDriver;

/// <summary>Connecting, losing and regaining the driver, and surviving whatever it sends.</summary>
public class SocketDriverConnectionTests
{
    [Test]
    public async Task Without_a_driver_the_device_is_not_connected_until_the_driver_starts()
    {
        await using var f = new SocketDriverFixture();
        f.StartBridge();
        Wait.Until(() => f.Device.Availability() == NutError.DriverNotConnected,
            "DRIVER-NOT-CONNECTED");
        Assert.That(f.Driver.SocketPath, Is.EqualTo(Path.Combine(f.StatePath, "fakedrv-fake")));

        f.Fake.Start();
        f.WaitForDumpDone();
        Assert.That(f.Fake.ReceivedLines[0], Is.EqualTo("DUMPALL"));
    }

    [Test]
    public async Task When_the_driver_closes_the_bridge_reconnects_and_asks_for_a_new_dump()
    {
        await using var f = new SocketDriverFixture();
        f.StartBoth();
        f.Fake.SendLine("SETINFO only.before \"x\"");
        Wait.Until(() => f.Value("only.before") == "x", "the live update");

        f.Fake.CloseConnections();
        Assert.That(f.Fake.WaitForAccepted(2, SocketDriverFixture.Patience), Is.True, "a second connection");
        Assert.That(f.Fake.WaitForReceived(lines => lines.Count(l => l == "DUMPALL") == 2, SocketDriverFixture.Patience), Is.True,
            "a second DUMPALL");
        f.WaitForDumpDone();
        Assert.That(f.Value("only.before"), Is.Null, "the state was wiped and rebuilt from the new dump");
    }

    [Test]
    public async Task A_driver_that_closes_its_socket_is_reconnected_at_once_unless_the_connection_hardly_lived()
    {
        // upsd reconnects as soon as the driver closes, and shows WAIT until the new dump. The bridge's clock
        // stands still here, so a reconnection that waited for it would never happen.
        var time = new FakeTimeProvider();
        await using var f = new SocketDriverFixture(time: time);
        f.StartBoth();
        time.Advance(TimeSpan.FromSeconds(2)); // the connection has lived two seconds

        f.Fake.CloseConnections();
        Assert.That(f.Fake.WaitForAccepted(2, SocketDriverFixture.Patience), Is.True, "reconnected without the clock moving");
        f.WaitForDumpDone();

        // A connection that lived less than a second: the next attempt waits a second, so a driver that
        // accepts and hangs up in a loop cannot make the bridge spin.
        f.Fake.CloseConnections();
        Wait.Still(() => f.Fake.AcceptedCount == 2, "no reconnection before the second has passed");
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(f.Fake.WaitForAccepted(3, SocketDriverFixture.Patience), Is.True, "reconnected after a second");
    }

    [TestCase("dummy-ups", true)]
    [TestCase("usbhid-ups", false)]
    public async Task A_missing_driver_socket_is_logged_once_naming_the_built_in_alternative_where_there_is_one(string driver, bool builtIn)
    {
        var dir = Path.Combine("/tmp", "nsm-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var time = new FakeTimeProvider();
        var log = new LogRecorder();
        using var store = new DeviceStore(new TrackingRegistry());
        var section = new UpsSection("myups", driver, "auto", null, [new("driver", driver), new("port", "auto")], 1);
        var bridge = new Bridge(new DriverContext { Device = store.Add("myups", null), Section = section, StatePath = dir, LoggerFactory = log, Time = time });
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => bridge.RunAsync(stop.Token));
        for (int attempt = 0; attempt < 5; attempt++)
        {
            Wait.Until(() => log.Lines.Count > 0, "the first attempt");
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var warnings = log.AtLeast(LogLevel.Warning);
        Assert.That(warnings, Has.Count.EqualTo(1), "one line for the whole outage");
        Assert.That(warnings[0], Does.Contain($"no such socket: is NUT's {driver} driver running for it (upsdrvctl start myups)?"));
        if (builtIn) Assert.That(warnings[0], Does.Contain("NutSharp has a built-in dummy-ups: start with --builtin myups"));
        else Assert.That(warnings[0], Does.Not.Contain("built-in"));
        await stop.CancelAsync();
        await run;
        Directory.Delete(dir, recursive: true);
    }

    [Test]
    public async Task A_driver_that_goes_away_makes_the_device_not_connected_until_it_is_back()
    {
        await using var f = new SocketDriverFixture();
        f.StartBoth();

        f.Fake.StopListening();
        f.Fake.CloseConnections();
        Wait.Until(() => f.Device.Availability() == NutError.DriverNotConnected, "DRIVER-NOT-CONNECTED");
        Assert.Multiple(() =>
        {
            Assert.That(f.Driver.SetVariable("ups.id", "x", null), Is.EqualTo(DeviceRequestResult.Failed));
            Assert.That(f.Driver.InstantCommand("load.off", null, null), Is.EqualTo(DeviceRequestResult.Failed));
        });

        f.Fake.Start();
        f.WaitForDumpDone();
        Assert.That(f.Fake.CountReceived("DUMPALL"), Is.EqualTo(2));
    }

    [Test]
    public async Task Garbage_binary_bytes_parse_errors_and_a_1MB_line_do_not_break_the_link()
    {
        await using var f = new SocketDriverFixture();
        f.StartBoth();

        var binary = new byte[4096];
        new Random(1).NextBytes(binary);
        f.Fake.SendRaw(binary);
        f.Fake.SendRaw("\n\"unterminated\n"u8);
        Resynchronise(f);

        var huge = new byte[1024 * 1024];
        Array.Fill(huge, (byte)'A');
        f.Fake.SendRaw("SETINFO huge.var \""u8);
        f.Fake.SendRaw(huge);
        f.Fake.SendRaw("\"\n"u8);
        f.Fake.SendRaw(huge);
        f.Fake.SendRaw("\n"u8);
        f.Fake.SendLine("SETINFO after.garbage \"ok\"");
        Wait.Until(() => f.Value("after.garbage") == "ok", "a valid line after the garbage");

        Assert.Multiple(() =>
        {
            Assert.That(f.Value("huge.var"), Is.EqualTo(new string('A', WordParser.MaxWordLength)), "words are cut at 512 characters");
            Assert.That(f.Device.IsConnected(), Is.True);
            Assert.That(f.Fake.AcceptedCount, Is.EqualTo(1), "no reconnect was needed");
        });
    }

    /// <summary>
    /// Random bytes leave the tokenizer in an unknown state (open quote, comment, ...). <c>"#\n</c>
    /// ends every one of them (a quote closes and a comment runs to the newline, or the <c>#</c> is
    /// a parse error that resets it); repeat until a marker line gets through.
    /// </summary>
    private static void Resynchronise(SocketDriverFixture f)
    {
        for (int attempt = 1; ; attempt++)
        {
            f.Fake.SendRaw("\"#\n"u8);
            f.Fake.SendLine($"SETINFO sync.marker \"{attempt}\"");
            if (Wait.For(() => f.Value("sync.marker") == attempt.ToString(), TimeSpan.FromSeconds(2))) return;
            if (attempt > 10) Assert.Fail("the link never recovered from the garbage");
        }
    }

    [Test]
    public async Task A_parse_error_drops_the_rest_of_that_read_like_upsd()
    {
        await using var f = new SocketDriverFixture();
        f.StartBoth();

        // upsd reads 512 bytes at a time. This write fills exactly one such read, so the line after
        // the error (inside the same read) is lost while the next write is read afresh.
        var chunk = "SETINFO bad.var \"x#y\"\nSETINFO lost.var \"z\"\n";
        chunk = chunk.PadRight(511) + "\n";
        f.Fake.SendRaw(Encoding.ASCII.GetBytes(chunk));
        f.Fake.SendLine("SETINFO later.var \"ok\"");
        Wait.Until(() => f.Value("later.var") == "ok", "the next read to be applied");
        Assert.Multiple(() =>
        {
            Assert.That(f.Value("bad.var"), Is.Null);
            Assert.That(f.Value("lost.var"), Is.Null);
        });
    }

    [Test]
    public async Task Writes_to_a_driver_that_never_reads_fail_instead_of_blocking()
    {
        await using var f = new SocketDriverFixture();
        // A "driver" that accepts and then neither reads nor writes.
        using var listener = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(f.Driver.SocketPath));
        listener.Listen(4);
        f.StartBridge();
        using var accepted = await listener.AcceptAsync().WaitAsync(SocketDriverFixture.Patience);
        Wait.Until(() => f.Device.IsConnected(), "the bridge to connect");

        var value = new string('v', 400);
        var results = new List<DeviceRequestResult>();
        for (int i = 0; i < 100_000 && !results.Contains(DeviceRequestResult.Failed); i++)
            results.Add(f.Driver.SetVariable("ups.id", value, null));

        Assert.That(results, Does.Contain(DeviceRequestResult.Failed), "a full socket buffer counts as a failed write");
        Assert.That(results[0], Is.EqualTo(DeviceRequestResult.Accepted));
        // Like upsd, a failed write drops the link; the bridge then connects again for a fresh dump.
        using var second = await listener.AcceptAsync().WaitAsync(SocketDriverFixture.Patience);
        Assert.That(second.Connected, Is.True);
    }

    [Test]
    public async Task A_driver_that_accepts_late_leaves_wait_then_stale_until_it_answers()
    {
        await using var f = new SocketDriverFixture(maxAgeSeconds: 2);
        f.Fake.HoldConnections();
        f.Fake.Start();
        f.StartBridge();

        Wait.Until(() => f.Device.IsConnected(), "the connect to succeed (the backlog takes it)");
        Wait.Until(() => f.Device.Availability() == NutError.DataStale, "DATA-STALE by MAXAGE");
        Assert.That(f.Device.SnapshotVariables(), Is.EqualTo(new[] { ("ups.status", "WAIT") }));

        f.Fake.AcceptConnections();
        f.WaitForDumpDone();
        Assert.Multiple(() =>
        {
            Assert.That(f.Fake.ReceivedLines[0], Is.EqualTo("DUMPALL"), "the request written before the accept was kept");
            Assert.That(f.Fake.AcceptedCount, Is.EqualTo(1));
        });
    }
}
