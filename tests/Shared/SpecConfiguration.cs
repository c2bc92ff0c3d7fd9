using System.Text;

namespace NutSharp.Testing;

/// <summary>
/// Writes the shared test configuration (protocol.md section 16) into one directory. The same
/// directory is served by real upsd + dummy-ups and by NutSharp, so every transcript case sees the
/// same devices, users and descriptions whichever server runs it.
/// </summary>
public static class SpecConfiguration
{
    public const string FakeUps = "fake";
    public const string FakeDriverName = "fakedrv";

    /// <summary>The dummy-ups devices and the port file each one reads.</summary>
    public static readonly IReadOnlyDictionary<string, string> DummyDevices = new Dictionary<string, string>
    {
        ["dummy1"] = "dummy1.dev",
        ["dummy2"] = "dummy2.dev",
    };

    /// <summary>Every UPS of ups.conf, in file order.</summary>
    public static readonly IReadOnlyList<string> AllUps = ["dummy1", "dummy2", FakeUps];

    /// <summary>The Unix socket path upsd (and NutSharp's socket driver) connects to for <c>fake</c>.</summary>
    public static string FakeDriverSocketPath(string directory) => Path.Combine(directory, $"{FakeDriverName}-{FakeUps}");

    public static void WriteTo(string directory, int port)
    {
        Directory.CreateDirectory(directory);
        Write(directory, "upsd.conf", UpsdConf(port));
        Write(directory, "ups.conf", UpsConf);
        Write(directory, "upsd.users", UpsdUsers);
        Write(directory, "dummy1.dev", Dummy1Dev);
        Write(directory, "dummy2.dev", Dummy2Dev);
    }

    private static void Write(string directory, string name, string text) =>
        File.WriteAllText(Path.Combine(directory, name), text, new UTF8Encoding(false));

    private static string UpsdConf(int port) => $"""
        LISTEN 127.0.0.1 {port}
        LISTEN ::1 {port}
        MAXAGE 15
        TRACKINGDELAY 3600

        """;

    // The global maxretry line is only there to show that upsd ignores the global section.
    /// <summary>The ups.conf of protocol.md section 16 (also parsed by the config unit tests).</summary>
    public const string UpsConf = """
        maxretry = 3

        [dummy1]
        	driver = dummy-ups
        	port = dummy1.dev
        	desc = "Dummy \#1 \"main\" \\ UPS"

        [dummy2]
        	driver = dummy-ups
        	port = dummy2.dev
        	# no desc on purpose

        [fake]
        	driver = fakedrv
        	port = none
        	desc = "Scripted fake driver"

        """;

    // One user per permission class; monprimary's password contains a space on purpose.
    /// <summary>The upsd.users of protocol.md section 16 (also parsed by the config unit tests).</summary>
    public const string UpsdUsers = """
        [admin]
        	password = adminpass
        	actions = SET FSD
        	instcmds = ALL

        [monprimary]
        	password = "prim pass"
        	upsmon primary

        [monsecondary]
        	password = secpass
        	upsmon = secondary

        [monmaster]
        	password = mastpass
        	upsmon master

        [monslave]
        	password = slavepass
        	upsmon slave

        [readonly]
        	password = ropass

        [limited]
        	password = limpass
        	actions = SET
        	instcmds = load.off
        	instcmds = test.battery.start

        """;

    // A fairly complete UPS; ups.mfr/ups.model are set so device.mfr/model get copied from them.
    private const string Dummy1Dev = """
        # dummy1: a fairly complete simulated UPS (dummy-ups, once mode)
        device.mfr: "Dummy Corp"
        device.model: "Model X"
        ups.mfr: "Dummy Corp"
        ups.model: "Model X"
        ups.serial: DX-000123
        ups.firmware: 1.2.3
        ups.id: "Rack 4"
        ups.status: OL CHRG
        ups.load: 23
        ups.realpower.nominal: 900
        ups.power.nominal: 1500
        ups.temperature: 31.5
        ups.beeper.status: enabled
        ups.delay.shutdown: 20
        ups.delay.start: 30
        ups.timer.shutdown: -1
        ups.test.result: "Done and passed"
        battery.charge: 87
        battery.charge.low: 10
        battery.charge.warning: 50
        battery.runtime: 1800
        battery.runtime.low: 120
        battery.voltage: 27.1
        battery.voltage.nominal: 24
        battery.type: PbAc
        battery.date: 2024/01/15
        input.voltage: 230.4
        input.voltage.nominal: 230
        input.frequency: 50.0
        input.transfer.low: 170
        input.transfer.high: 280
        input.sensitivity: M
        output.voltage: 230.0
        output.frequency: 50.0
        output.current: 1.2

        """;

    private const string Dummy2Dev = """
        ups.status: OB LB
        battery.charge: 5
        ups.mfr: "Second"
        ups.model: "Backup"

        """;
}
