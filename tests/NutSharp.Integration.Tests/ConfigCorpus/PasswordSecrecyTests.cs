using NutSharp.Testing;
using NutSharp.Integration.Tests.Host;

namespace NutSharp.Integration.Tests.ConfigCorpus;

/// <summary>
/// Passwords from upsd.users never reach NutSharp's output: not in start-up warnings, not in the
/// warnings of a reload, not in a refusal, not at the highest debug level, wherever and however
/// badly a password line is written. Each password below is unique ("Sekrit" and a number), so
/// one search for "Sekrit" covers every position.
/// </summary>
[NonParallelizable]
public sealed class PasswordSecrecyTests
{
    private const string OddUsers = """
        password = Sekrit01Outside
        "password=Sekrit02OutsideCompressed"
        upsmon Sekrit03OutsideRole
        [admin]
        	password Sekrit04NoEquals
        	password = adminpass Sekrit05SecondValue
        	password = Sekrit06Duplicate
        	Sekrit07Alone
        	Sekrit08AsKey = value
        	password = "Sekrit09#Hash"
        	"password=Sekrit10Compressed" Sekrit11More
        	upsmon Sekrit12Role
        	upsmon = Sekrit13Role
        	= Sekrit14Lone
        	actions Sekrit15NoEquals
        	password = Sekrit16Café
        	instcmds = ALL
        	actions = FSD
        [admin] Sekrit17AfterHeader
        	password = Sekrit18DuplicateUser
        user Sekrit19OldFormat
        [monitor]
        	password = monpass
        	password = "Sekrit20Unterminated
        """;

    private HostSandbox _sandbox = null!;

    [SetUp]
    public void CreateSandbox()
    {
        _sandbox = new HostSandbox();
        _sandbox.Write("upsd.users", OddUsers + "\n\tpassword = Sekrit21" + new string('x', 600) + "\n\tSekrit22LastLineNoNewline");
        _sandbox.Write("upsd.conf", $"LISTEN 127.0.0.1 {_sandbox.Port}\nCERTIDENT upsd Sekrit23Db\ncertident upsd Sekrit24Db\nCERTIDENT Sekrit25Db\n");
    }

    [TearDown]
    public void DisposeSandbox() => _sandbox.Dispose();

    [Test]
    public async Task No_password_appears_in_warnings_reloads_or_debug_output()
    {
        var server = _sandbox.Start("serve", "-F", "-DDD");
        await _sandbox.WaitUntilServingAsync(server);
        using (var client = _sandbox.Connect())
        {
            Assert.That(client.Ask("USERNAME admin"), Is.EqualTo("OK"));
            Assert.That(client.Ask("PASSWORD adminpass"), Is.EqualTo("OK"));
            Assert.That(client.Ask("FSD ups1"), Is.EqualTo("OK FSD-SET"), "the first password is the one that counts");
        }
        server.SendHangup();
        Wait.Until(() => server.Output.Contains("configuration reloaded", StringComparison.Ordinal), "the reload");

        // The warnings were really printed, at start-up and again at the reload...
        string warning = _sandbox.ConfPath("upsd.users") + ":5:";
        Assert.That(server.Output.Split(warning).Length - 1, Is.GreaterThanOrEqualTo(2), server.Output);
        Assert.That(server.Output, Does.Contain(_sandbox.ConfPath("upsd.conf") + ":3:"));
        // ...and hold no password.
        Assert.That(server.Output, Does.Not.Contain("Sekrit"));
    }

    [Test]
    public void No_password_appears_when_start_up_is_refused()
    {
        _sandbox.Write("ups.conf", "maxretry = 3\n");

        var run = _sandbox.RunToExit("serve", "-F", "-DDD");

        Assert.That(run.ExitCode, Is.Not.Zero);
        Assert.That(run.Stderr, Does.Contain(_sandbox.ConfPath("upsd.users") + ":5:"), "the warnings come before the refusal");
        Assert.That(run.Output, Does.Not.Contain("Sekrit"));
    }
}
