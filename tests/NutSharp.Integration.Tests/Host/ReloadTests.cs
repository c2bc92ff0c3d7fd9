using NutSharp.Testing;
using NutSharp.Tests.Shared;

namespace NutSharp.Integration.Tests.Host;

/// <summary>SIGHUP re-reads the configuration as upsd 2.8.0 does, on a running native server.</summary>
[NonParallelizable]
public sealed class ReloadTests
{
    private HostSandbox _sandbox = null!;
    private HostRun _server = null!;

    [SetUp]
    public async Task StartServer()
    {
        _sandbox = new HostSandbox();
        _server = await _sandbox.StartServingAsync();
    }

    [TearDown]
    public void DisposeSandbox() => _sandbox.Dispose();

    private static List<string> UpsNames(List<string> listUps) =>
        [.. listUps.Where(l => l.StartsWith("UPS ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1])];

    private List<string> WaitForUpsList(LineClient client, Func<List<string>, bool> accept, string what) =>
        Wait.UntilValue(() => UpsNames(client.AskList("LIST UPS")), accept, what);

    [Test]
    public void Added_section_is_listed_first()
    {
        _sandbox.Write("ups3.dev", "ups.status: OL\n");
        _sandbox.Append("ups.conf", "[ups3]\n\tdriver = dummy-ups\n\tport = ups3.dev\n\tdesc = \"Third\"\n");
        _server.SendHangup();

        using var client = _sandbox.Connect();
        var names = WaitForUpsList(client, n => n.Contains("ups3"), "ups3 in LIST UPS");
        Assert.That(names, Is.EqualTo(new[] { "ups3", "ups1", "ups2" }));
        Wait.UntilValue(() => client.Ask("GET VAR ups3 ups.status"), r => r == "VAR ups3 ups.status \"OL\"", "data for ups3");
    }

    [Test]
    public void Removed_section_disappears_and_its_logged_in_client_is_disconnected()
    {
        using var loggedIn = _sandbox.Connect();
        Assert.That(loggedIn.Ask("USERNAME watcher"), Is.EqualTo("OK"));
        Assert.That(loggedIn.Ask("PASSWORD watchpass"), Is.EqualTo("OK"));
        Assert.That(loggedIn.Ask("LOGIN ups2"), Is.EqualTo("OK"));

        _sandbox.Write("ups.conf", "[ups1]\n\tdriver = dummy-ups\n\tport = ups1.dev\n\tdesc = \"First UPS\"\n");
        _server.SendHangup();

        Assert.That(loggedIn.WaitForClose((int)HostSandbox.Patience.TotalMilliseconds), Is.True, "client of the removed UPS still connected");
        using var client = _sandbox.Connect();
        Assert.That(UpsNames(client.AskList("LIST UPS")), Is.EqualTo(new[] { "ups1" }));
        Assert.That(client.Ask("GET VAR ups2 ups.status"), Is.EqualTo("ERR UNKNOWN-UPS"));
        Assert.That(client.Ask("GET VAR ups1 ups.status"), Is.EqualTo("VAR ups1 ups.status \"OL\""));
    }

    [Test]
    public void Changed_desc_shows_in_upsdesc()
    {
        using var client = _sandbox.Connect();
        Assert.That(client.Ask("GET UPSDESC ups1"), Is.EqualTo("UPSDESC ups1 \"First UPS\""));
        _sandbox.Write("ups.conf", HostSandbox.DefaultUpsConf.Replace("\"First UPS\"", "\"Renamed first UPS\"", StringComparison.Ordinal));
        _server.SendHangup();

        Wait.UntilValue(() => client.Ask("GET UPSDESC ups1"), r => r == "UPSDESC ups1 \"Renamed first UPS\"", "the new desc");
        Assert.That(client.Ask("GET VAR ups1 ups.status"), Is.EqualTo("VAR ups1 ups.status \"OL\""), "data kept across the reload");
    }

    [Test]
    public void New_user_can_authenticate_on_an_already_open_connection()
    {
        using var client = _sandbox.Connect();
        Assert.That(client.Ask("USERNAME newbie"), Is.EqualTo("OK"));
        Assert.That(client.Ask("PASSWORD newpass"), Is.EqualTo("OK"));
        Assert.That(client.Ask("LOGIN ups1"), Is.EqualTo("ERR ACCESS-DENIED"), "before the reload the user does not exist");

        _sandbox.Append("upsd.users", "[newbie]\n\tpassword = newpass\n\tupsmon secondary\n");
        _server.SendHangup();

        Wait.UntilValue(() => client.Ask("LOGIN ups1"), r => r == "OK", "LOGIN by the new user on the same connection");
        using var other = _sandbox.Connect();
        Assert.That(other.Ask("GET NUMLOGINS ups1"), Is.EqualTo("NUMLOGINS ups1 1"));
    }

    [TestCase("malformed")]
    [TestCase("missing")]
    [TestCase("unreadable")]
    [TestCase("malformed ups.conf")]
    public void Bad_upsd_conf_on_reload_keeps_the_old_configuration(string damage)
    {
        string upsdConf = _sandbox.ConfPath("upsd.conf");
        string goodText = File.ReadAllText(upsdConf);
        switch (damage)
        {
            // Refused at start-up too (upsd 2.8.0 even exits on it at a reload).
            case "malformed": _sandbox.Append("upsd.conf", "MAXCONN 0\n"); break;
            case "missing": File.Delete(upsdConf); break;
            // Running as root, permissions would not stop the read; a directory cannot be read as a file.
            case "unreadable": File.Delete(upsdConf); Directory.CreateDirectory(upsdConf); break;
        }
        _sandbox.Write("ups3.dev", "ups.status: OL\n");
        _sandbox.Append("ups.conf", "[ups3]\n\tdriver = dummy-ups\n\tport = ups3.dev\n");
        // A bare desc flag in a section crashes upsd 2.8.0; NutSharp refuses it.
        if (damage == "malformed ups.conf") _sandbox.Append("ups.conf", "\tdesc\n");
        _server.SendHangup();

        Wait.Until(() => _server.Output.Contains("reload abandoned", StringComparison.Ordinal), "the server to report the abandoned reload");
        using var client = _sandbox.Connect();
        Assert.That(UpsNames(client.AskList("LIST UPS")), Is.EqualTo(new[] { "ups1", "ups2" }), "ups.conf changes must not be applied");
        Assert.That(client.Ask("GET VAR ups1 ups.status"), Is.EqualTo("VAR ups1 ups.status \"OL\""));
        Assert.That(_server.HasExited, Is.False);

        // Once the files are good again the next reload goes through.
        if (Directory.Exists(upsdConf)) Directory.Delete(upsdConf);
        File.WriteAllText(upsdConf, goodText);
        _sandbox.Write("ups.conf", HostSandbox.DefaultUpsConf + "[ups3]\n\tdriver = dummy-ups\n\tport = ups3.dev\n");
        _server.SendHangup();
        WaitForUpsList(client, n => n.Contains("ups3"), "ups3 after the repaired reload");
    }

    [Test]
    public void Fsd_latch_survives_a_reload_that_keeps_the_ups_and_not_one_that_removes_it()
    {
        using var admin = _sandbox.Connect();
        Assert.That(admin.Ask("USERNAME admin"), Is.EqualTo("OK"));
        Assert.That(admin.Ask("PASSWORD adminpass"), Is.EqualTo("OK"));
        Assert.That(admin.Ask("FSD ups1"), Is.EqualTo("OK FSD-SET"));
        using var client = _sandbox.Connect();
        Assert.That(client.Ask("GET VAR ups1 ups.status"), Is.EqualTo("VAR ups1 ups.status \"FSD OL\""));

        _sandbox.Write("ups.conf", HostSandbox.DefaultUpsConf.Replace("\"First UPS\"", "\"Kept\"", StringComparison.Ordinal));
        _server.SendHangup();
        Wait.UntilValue(() => client.Ask("GET UPSDESC ups1"), r => r == "UPSDESC ups1 \"Kept\"", "the reload that keeps ups1");
        Assert.That(client.Ask("GET VAR ups1 ups.status"), Is.EqualTo("VAR ups1 ups.status \"FSD OL\""), "FSD kept");

        _sandbox.Write("ups.conf", "[ups2]\n\tdriver = dummy-ups\n\tport = ups2.dev\n");
        _server.SendHangup();
        WaitForUpsList(client, n => !n.Contains("ups1"), "ups1 removed");
        _sandbox.Write("ups.conf", HostSandbox.DefaultUpsConf);
        _server.SendHangup();
        Wait.UntilValue(() => client.Ask("GET VAR ups1 ups.status"), r => r == "VAR ups1 ups.status \"OL\"", "ups1 back, without FSD");
    }

    [Test]
    public void Changed_port_restarts_the_driver_on_the_new_file()
    {
        _sandbox.Write("other.dev", "ups.status: OB\nbattery.charge: 42\n");
        _sandbox.Write("ups.conf", HostSandbox.DefaultUpsConf.Replace("port = ups1.dev", "port = other.dev", StringComparison.Ordinal));
        _server.SendHangup();

        using var client = _sandbox.Connect();
        Wait.UntilValue(() => client.Ask("GET VAR ups1 battery.charge"), r => r == "VAR ups1 battery.charge \"42\"", "data from the new port file");
        Assert.That(client.Ask("GET VAR ups1 ups.status"), Is.EqualTo("VAR ups1 ups.status \"OB\""));
    }

    [Test]
    public void Many_hangups_in_a_row_leave_a_consistent_server()
    {
        _sandbox.Write("ups3.dev", "ups.status: OL\n");
        _sandbox.Append("ups.conf", "[ups3]\n\tdriver = dummy-ups\n\tport = ups3.dev\n");
        for (int i = 0; i < 20; i++) _server.SendHangup();

        using var client = _sandbox.Connect();
        var names = WaitForUpsList(client, n => n.Contains("ups3"), "ups3 after the reloads");
        Assert.That(names, Is.EqualTo(new[] { "ups3", "ups1", "ups2" }));
        Wait.UntilValue(() => client.Ask("GET VAR ups3 ups.status"), r => r == "VAR ups3 ups.status \"OL\"", "data for ups3");
        Assert.That(_server.HasExited, Is.False);
    }
}
