using System.Net.Sockets;
using NutSharp.Testing;

namespace NutSharp.Tests.Server;

/// <summary>The connection layer: pipelining, LOGOUT, bad input, limits. One real server per test.</summary>
public class ConnectionTests
{
    private const string Version = "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/";

    [Test]
    public async Task Pipelined_requests_are_answered_in_order()
    {
        await using var server = new InProcessServer();
        using var client = server.Connect();
        client.Send("VER\nNETVER\nGET VAR ups1 ups.status\nLIST UPS\n");
        Assert.That(client.ReadLine(), Is.EqualTo(Version));
        Assert.That(client.ReadLine(), Is.EqualTo("1.3"));
        Assert.That(client.ReadLine(), Is.EqualTo("VAR ups1 ups.status \"OL\""));
        Assert.That(client.ReadLine(), Is.EqualTo("BEGIN LIST UPS"));
        Assert.That(client.ReadLine(), Is.EqualTo("UPS ups1 \"Test \\\"UPS\\\"\""));
        Assert.That(client.ReadLine(), Is.EqualTo("END LIST UPS"));
    }

    [Test]
    public async Task Logout_answers_the_rest_of_the_read_then_closes()
    {
        await using var server = new InProcessServer();
        using var client = server.Connect();
        client.Send("LOGOUT\nVER\nNETVER\n");
        Assert.That(client.ReadLine(), Is.EqualTo("OK Goodbye"));
        Assert.That(client.ReadLine(), Is.EqualTo(Version));
        Assert.That(client.ReadLine(), Is.EqualTo("1.3"));
        Assert.That(client.ReadLine(), Is.Null, "the server closes after LOGOUT");
    }

    [Test]
    public async Task Numlogins_drops_when_a_logged_in_client_vanishes_without_logout()
    {
        await using var server = new InProcessServer();
        using var watcher = server.Connect();
        using (var monitor = server.Connect())
        {
            Assert.That(monitor.Ask("USERNAME mon"), Is.EqualTo("OK"));
            Assert.That(monitor.Ask("PASSWORD monpass"), Is.EqualTo("OK"));
            Assert.That(monitor.Ask("LOGIN ups1"), Is.EqualTo("OK"));
            Assert.That(watcher.Ask("GET NUMLOGINS ups1"), Is.EqualTo("NUMLOGINS ups1 1"));
            Assert.That(watcher.AskList("LIST CLIENT ups1"), Is.EqualTo(new[] { "BEGIN LIST CLIENT ups1", "CLIENT ups1 127.0.0.1", "END LIST CLIENT ups1" }));
        }
        Wait.Until(() => watcher.Ask("GET NUMLOGINS ups1") == "NUMLOGINS ups1 0", "NUMLOGINS to drop back to 0");
    }

    [Test]
    public async Task A_one_megabyte_line_is_read_and_the_connection_keeps_working()
    {
        await using var server = new InProcessServer();
        using var client = server.Connect();
        var big = "GET VAR ups1 " + new string('x', 1024 * 1024) + "\n";
        client.Send(big);
        // Words are cut at 512 characters, as upsd does: an unknown variable.
        Assert.That(client.ReadLine(), Is.EqualTo("ERR VAR-NOT-SUPPORTED"));
        Assert.That(client.Ask("VER"), Is.EqualTo(Version));
    }

    [Test]
    public async Task Binary_garbage_and_nul_bytes_get_upsd_errors_and_do_not_break_the_connection()
    {
        await using var server = new InProcessServer();
        using var client = server.Connect();
        var garbage = new byte[4096];
        new Random(42).NextBytes(garbage);
        for (int i = 0; i < garbage.Length; i++) if (garbage[i] is (byte)'\n' or (byte)'"' or (byte)'\\') garbage[i] = 0;
        client.Send(garbage);
        client.Send("\n");
        Assert.That(client.ReadLine(), Does.StartWith("ERR "));
        client.Send([0, 0, (byte)'V', 0, (byte)'E', 0x80, (byte)'R', (byte)'\n']);
        Assert.That(client.ReadLine(), Is.EqualTo(Version), "dropped bytes vanish from the word, as in upsd");
        Assert.That(client.Ask("GET VAR ups1 ups.status"), Is.EqualTo("VAR ups1 ups.status \"OL\""));
    }

    [Test]
    public async Task A_half_sent_line_waits_while_other_clients_are_served()
    {
        await using var server = new InProcessServer();
        using var slow = server.Connect();
        slow.Send("GET VAR ups1 ups.st");
        using (var other = server.Connect())
            Assert.That(other.Ask("GET VAR ups1 battery.charge"), Is.EqualTo("VAR ups1 battery.charge \"100\""));
        slow.Send("atus\n");
        Assert.That(slow.ReadLine(), Is.EqualTo("VAR ups1 ups.status \"OL\""));
    }

    [Test]
    public async Task A_client_that_vanishes_mid_reply_does_not_disturb_the_others()
    {
        await using var server = new InProcessServer();
        using (var greedy = server.Connect())
        {
            greedy.Socket.ReceiveBufferSize = 4096;
            var requests = string.Concat(Enumerable.Repeat("LIST VAR ups1\n", 5000));
            greedy.Send(requests);
            greedy.Socket.LingerState = new LingerOption(true, 0); // reset, not a polite close
        }
        using var other = server.Connect();
        Assert.That(other.Ask("VER"), Is.EqualTo(Version));
        Wait.Until(() => server.Server.ConnectionCount == 1, "the vanished client's connection to be cleaned up");
    }

    [Test]
    public async Task Maxconn_holds_new_clients_until_a_slot_frees()
    {
        await using var server = new InProcessServer(maxConnections: 2);
        using var a = server.Connect();
        using var b = server.Connect();
        Assert.That(a.Ask("VER"), Is.EqualTo(Version));
        Assert.That(b.Ask("VER"), Is.EqualTo(Version));
        using var c = server.Connect(); // the kernel completes the handshake; the server does not take it yet
        c.Send("VER\n");
        Assert.Throws<SocketException>(() => c.ReadLine(timeoutMs: 500));
        a.Send("LOGOUT\n");
        Assert.That(c.ReadLine(), Is.EqualTo(Version), "answered once a slot is free");
    }

    [Test]
    public async Task Raising_maxconn_on_reload_lets_a_waiting_client_in()
    {
        await using var server = new InProcessServer(maxConnections: 1);
        using var first = server.Connect();
        Assert.That(first.Ask("VER"), Is.EqualTo(Version));
        using var waiting = server.Connect();
        waiting.Send("VER\n");
        Assert.Throws<SocketException>(() => waiting.ReadLine(timeoutMs: 500));
        server.Server.Options = new NutSharp.Server.ServerOptions { Users = server.Server.Options.Users, MaxConnections = 10 };
        Assert.That(waiting.ReadLine(), Is.EqualTo(Version), "answered without anyone leaving");
    }

    [Test]
    public async Task An_idle_client_is_dropped_after_the_idle_timeout()
    {
        await using var server = new InProcessServer(idleTimeoutSeconds: 1);
        using var idle = server.Connect();
        Assert.That(idle.Ask("VER"), Is.EqualTo(Version));
        Assert.That(idle.WaitForClose(30_000), Is.True);
    }

    [Test]
    public async Task Set_and_instcmd_reach_the_driver_with_tracking()
    {
        await using var server = new InProcessServer();
        using var client = server.Connect();
        Assert.That(client.Ask("USERNAME admin"), Is.EqualTo("OK"));
        Assert.That(client.Ask("PASSWORD adminpass"), Is.EqualTo("OK"));
        Assert.That(client.Ask("SET VAR ups1 ups.id 123456789"), Is.EqualTo("ERR TOO-LONG"));
        Assert.That(client.Ask("SET VAR ups1 UPS.ID \"a \\\"b\""), Is.EqualTo("OK"));
        Assert.That(client.Ask("SET TRACKING ON"), Is.EqualTo("OK"));
        var reply = client.Ask("INSTCMD ups1 load.off now");
        Assert.That(reply, Does.Match("^OK TRACKING [0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$"));
        var id = reply!["OK TRACKING ".Length..];
        Assert.That(client.Ask("GET TRACKING " + id.ToLowerInvariant()), Is.EqualTo("PENDING"));
        Assert.That(server.Driver.Requests, Is.EqualTo(new[] { "SET UPS.ID a \"b", "INSTCMD load.off now TRACKING " + id }));
    }

    [Test]
    public async Task A_driver_that_cannot_take_a_request_gives_set_failed_and_instcmd_failed()
    {
        // upsd answers these when the write to the driver's socket fails; NutSharp when the
        // driver says it could not hand the request over.
        await using var server = new InProcessServer();
        server.Driver.Result = NutSharp.Devices.DeviceRequestResult.Failed;
        using var client = server.Connect();
        Assert.That(client.Ask("USERNAME admin"), Is.EqualTo("OK"));
        Assert.That(client.Ask("PASSWORD adminpass"), Is.EqualTo("OK"));
        Assert.That(client.Ask("SET VAR ups1 ups.id abc"), Is.EqualTo("ERR SET-FAILED"));
        Assert.That(client.Ask("INSTCMD ups1 load.off"), Is.EqualTo("ERR INSTCMD-FAILED"));
        Assert.That(client.Ask("GET VAR ups1 ups.status"), Is.EqualTo("VAR ups1 ups.status \"OL\""), "the connection goes on");
    }
}
