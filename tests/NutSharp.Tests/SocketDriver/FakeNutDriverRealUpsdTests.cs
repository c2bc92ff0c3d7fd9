using System.Diagnostics;
using NutSharp.Testing;
using NutSharp.Tests.Shared;

namespace NutSharp.Tests.SocketDriver;

/// <summary>
/// Checks <see cref="FakeNutDriver"/> against the real upsd 2.8.0 (/lib/nut/upsd): with the fake
/// feeding upsd, the answers must be those recorded in protocol.md §17 for the <c>fake</c> UPS.
/// Needs NUT installed (see <see cref="TestPaths.RequireInstalled"/>).
/// </summary>
[Category("RealUpsd")]
public class FakeNutDriverRealUpsdTests
{
    private string _dir = "";
    private int _port;
    private FakeNutDriver _fake = null!;
    private Process _upsd = null!;

    [OneTimeSetUp]
    public void StartUpsd()
    {
        TestPaths.RequireInstalled(TestPaths.Upsd);
        _dir = Path.Combine("/tmp", "nsu-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_dir);
        _port = SpecServerReadiness.PickFreePort();
        File.WriteAllText(Path.Combine(_dir, "upsd.conf"), $"LISTEN 127.0.0.1 {_port}\nMAXAGE 15\n");
        File.WriteAllText(Path.Combine(_dir, "ups.conf"), "[fake]\n\tdriver = fakedrv\n\tport = none\n\tdesc = \"Scripted fake driver\"\n");
        File.WriteAllText(Path.Combine(_dir, "upsd.users"), "[admin]\n\tpassword = adminpass\n\tactions = SET FSD\n\tinstcmds = ALL\n");

        _fake = new FakeNutDriver(Path.Combine(_dir, "fakedrv-fake"));
        _fake.Start();

        var start = new ProcessStartInfo(TestPaths.Upsd, ["-u", "root", "-F"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["NUT_CONFPATH"] = _dir;
        start.Environment["NUT_STATEPATH"] = _dir;
        start.Environment["NUT_ALTPIDPATH"] = _dir;
        _upsd = Process.Start(start)!;
        _upsd.OutputDataReceived += (_, e) => { if (e.Data is not null) TestContext.Progress.WriteLine("upsd: " + e.Data); };
        _upsd.ErrorDataReceived += (_, e) => { if (e.Data is not null) TestContext.Progress.WriteLine("upsd: " + e.Data); };
        _upsd.BeginOutputReadLine();
        _upsd.BeginErrorReadLine();

        Assert.That(_fake.WaitForLine("DUMPALL", TimeSpan.FromSeconds(20)), Is.True, "upsd connected to the fake driver");
        Wait.Until(() => Ask("GET VAR fake ups.status").SequenceEqual(["VAR fake ups.status \"OL\""]), "upsd to have the dump");
    }

    [OneTimeTearDown]
    public void StopUpsd()
    {
        if (_upsd is { HasExited: false })
        {
            _upsd.Kill();
            _upsd.WaitForExit(10_000);
        }
        _upsd?.Dispose();
        _fake?.Dispose();
        if (_dir.Length > 0) try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Test]
    public void List_var_is_sorted_and_complete()
    {
        var names = Ask("LIST VAR fake").Skip(1).SkipLast(1).Select(l => l.Split(' ')[2]);
        Assert.That(names, Is.EqualTo(new[]
        {
            "alpha.var", "battery.charge", "battery.charge.low", "input.transfer.high", "input.transfer.low",
            "output.voltage.nominal", "ups.badaux", "ups.beeper.status", "ups.delay.shutdown", "ups.empty",
            "ups.id", "ups.mfr", "ups.model", "ups.status", "ups.test.result", "ups_under.score", "Zeta.Var",
        }));
        Assert.That(Ask("GET VAR fake ups.mfr"), Is.EqualTo(new[] { "VAR fake ups.mfr \"Fake \\\"Corp\\\" \\\\ \\#1\"" }));
    }

    [Test]
    public void List_rw_cmd_enum_and_range_match_protocol_md_17()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Ask("LIST RW fake"), Is.EqualTo(new[]
            {
                "BEGIN LIST RW fake",
                "RW fake battery.charge.low \"10\"",
                "RW fake input.transfer.high \"130\"",
                "RW fake input.transfer.low \"100\"",
                "RW fake output.voltage.nominal \"230\"",
                "RW fake ups.badaux \"x\"",
                "RW fake ups.beeper.status \"enabled\"",
                "RW fake ups.delay.shutdown \"20\"",
                "RW fake ups.id \"fake1\"",
                "END LIST RW fake",
            }));
            Assert.That(Ask("LIST CMD fake"), Is.EqualTo(new[]
            {
                "BEGIN LIST CMD fake",
                "CMD fake Beeper.Toggle", "CMD fake cmd.conversion", "CMD fake cmd.failed", "CMD fake cmd.invalid",
                "CMD fake cmd.pending", "CMD fake cmd.unknown", "CMD fake load.off", "CMD fake load.on",
                "CMD fake shutdown.return", "CMD fake test.battery.start",
                "END LIST CMD fake",
            }));
            Assert.That(Ask("LIST ENUM fake ups.beeper.status"), Is.EqualTo(new[]
            {
                "BEGIN LIST ENUM fake ups.beeper.status",
                "ENUM fake ups.beeper.status \"enabled\"",
                "ENUM fake ups.beeper.status \"disabled\"",
                "ENUM fake ups.beeper.status \"say \\\"hi\\\"\"",
                "END LIST ENUM fake ups.beeper.status",
            }));
            Assert.That(Ask("LIST RANGE fake input.transfer.high"), Is.EqualTo(new[]
            {
                "BEGIN LIST RANGE fake input.transfer.high",
                "RANGE fake input.transfer.high \"120\" \"130\"",
                "RANGE fake input.transfer.high \"135\" \"140\"",
                "END LIST RANGE fake input.transfer.high",
            }));
        });
    }

    [TestCase("input.transfer.low", "RW ENUM NUMBER")]
    [TestCase("input.transfer.high", "RW RANGE NUMBER")]
    [TestCase("output.voltage.nominal", "RW ENUM RANGE NUMBER")]
    [TestCase("ups.beeper.status", "RW ENUM STRING:16")]
    [TestCase("ups.test.result", "STRING:32")]
    [TestCase("ups.badaux", "RW STRING:0")]
    public void Get_type_matches_protocol_md_17(string variable, string type) =>
        Assert.That(Ask($"GET TYPE fake {variable}"), Is.EqualTo(new[] { $"TYPE fake {variable} {type}" }));

    [Test]
    public void Set_and_instcmd_reach_the_fake_and_tracking_answers_come_back()
    {
        using var session = new LineClient(_port);
        Assert.Multiple(() =>
        {
            Assert.That(session.AskReply("USERNAME admin"), Is.EqualTo(new[] { "OK" }));
            Assert.That(session.AskReply("PASSWORD adminpass"), Is.EqualTo(new[] { "OK" }));
            Assert.That(session.AskReply("SET TRACKING ON"), Is.EqualTo(new[] { "OK" }));
        });
        string Track(string request)
        {
            var reply = session.AskReply(request).Single();
            Assert.That(reply, Does.StartWith("OK TRACKING "), request);
            return reply["OK TRACKING ".Length..];
        }
        var loadOff = Track("INSTCMD fake load.off \"a b\"");
        var failed = Track("INSTCMD fake cmd.failed");
        var pending = Track("INSTCMD fake cmd.pending");
        var set = Track("SET VAR fake ups.id \"a\\\"b\"");

        Assert.Multiple(() =>
        {
            Assert.That(_fake.WaitForLine($"INSTCMD load.off a b TRACKING {loadOff}", TimeSpan.FromSeconds(10)), Is.True);
            Assert.That(_fake.WaitForLine($"SET ups.id \"a\\\"b\" TRACKING {set}", TimeSpan.FromSeconds(10)), Is.True);
        });
        Wait.Until(() => session.AskReply($"GET TRACKING {set}").SequenceEqual(["SUCCESS"]), "the SET result");
        Assert.Multiple(() =>
        {
            Assert.That(session.AskReply($"GET TRACKING {loadOff}"), Is.EqualTo(new[] { "SUCCESS" }));
            Assert.That(session.AskReply($"GET TRACKING {failed}"), Is.EqualTo(new[] { "ERR FAILED" }));
            Assert.That(session.AskReply($"GET TRACKING {pending}"), Is.EqualTo(new[] { "PENDING" }));
            Assert.That(session.AskReply("GET VAR fake ups.id"), Is.EqualTo(new[] { "VAR fake ups.id \"a\\\"b\"" }));
        });
    }

    [Test]
    public void Setflags_skips_unknown_words_in_upsd()
    {
        _fake.SendLine("SETFLAGS ups.model rw Bogus string");
        _fake.SendLine("SETFLAGS ups.empty Bogus");
        Wait.Until(() => Ask("GET TYPE fake ups.model").SequenceEqual(["TYPE fake ups.model RW STRING:0"]), "the new flags");
        Assert.That(Ask("GET TYPE fake ups.empty"), Is.EqualTo(new[] { "TYPE fake ups.empty NUMBER" }));
    }

    [Test]
    public void Upsc_lists_the_fake_ups()
    {
        TestPaths.RequireInstalled(TestPaths.Upsc);
        var upsc = Process.Start(new ProcessStartInfo(TestPaths.Upsc, [$"fake@127.0.0.1:{_port}"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string output = upsc.StandardOutput.ReadToEnd();
        upsc.WaitForExit(10_000);
        TestContext.Out.WriteLine(output);
        Assert.That(output, Does.Contain("ups.mfr: Fake \"Corp\" \\ #1").And.Contain("ups.status: OL").And.Contain("ups.empty: \n"));
    }

    private string[] Ask(string request)
    {
        using var session = new LineClient(_port);
        return session.AskReply(request);
    }
}
