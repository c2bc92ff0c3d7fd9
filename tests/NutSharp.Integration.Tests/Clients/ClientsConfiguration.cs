using System.Text;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Clients;

/// <summary>
/// One NUT configuration directory the client tests serve: which files to write, which UPS are
/// dummy-ups sections (run by the real dummy-ups under upsd), which of those NutSharp must also
/// leave to the real driver, and the scripted <c>fake</c> driver's dump, if the config has one.
/// </summary>
public sealed class ClientsConfiguration
{
    public const string FakeUps = SpecConfiguration.FakeUps;

    public required Action<string, int> WriteFiles { get; init; }

    /// <summary>Every UPS of ups.conf; start-up waits until each one has data.</summary>
    public required IReadOnlyList<string> AllUps { get; init; }

    /// <summary>The <c>driver = dummy-ups</c> sections.</summary>
    public IReadOnlyList<string> DummyUps { get; init; } = [];

    /// <summary>dummy-ups sections NutSharp serves through the real driver's socket (<c>--external-dummy-ups</c>).</summary>
    public IReadOnlyList<string> ExternalDummyUps { get; init; } = [];

    /// <summary>The DUMPALL answer of the scripted driver behind <see cref="FakeUps"/>; null when there is no such UPS.</summary>
    public IReadOnlyList<string>? FakeDump { get; init; }

    /// <summary>protocol.md §16: dummy1 (description with quotes and a backslash), dummy2, and the scripted fake.</summary>
    public static ClientsConfiguration Spec { get; } = new()
    {
        WriteFiles = SpecConfiguration.WriteTo,
        AllUps = SpecConfiguration.AllUps,
        DummyUps = [.. SpecConfiguration.DummyDevices.Keys],
        FakeDump = FakeNutDriverDump.DefaultLines,
    };

    /// <summary>
    /// No quote or backslash in any description or value: PyNUT and NUT-Monitor split replies on
    /// <c>"</c> and crash on an escaped quote (with real upsd too), so their happy paths need this.
    /// </summary>
    public static ClientsConfiguration Clean { get; } = new()
    {
        WriteFiles = (directory, port) => WriteAll(directory, port, CleanUpsConf, ("plain.dev", PlainDev)),
        AllUps = ["plain", FakeUps],
        DummyUps = ["plain"],
        FakeDump = FakeNutDriverDump.Build(
            [
                new("ups.status", "OL"),
                new("ups.mfr", "Fake Corp"),
                new("ups.model", "FakeUPS 3000"),
                new("battery.charge", "100"),
                new("ups.id", "fake1", ["RW", "STRING"], Aux: 16),
                new("ups.delay.shutdown", "20", ["RW", "NUMBER"]),
            ],
            ["load.off", "load.on", "test.battery.start"]),
    };

    /// <summary>One dummy-ups section, <c>ext</c>, that NutSharp leaves to a real dummy-ups process.</summary>
    public static ClientsConfiguration ExternalDummyUpsDriver { get; } = new()
    {
        WriteFiles = (directory, port) => WriteAll(directory, port, ExternalUpsConf, ("ext.dev", ExternalDev)),
        AllUps = ["ext"],
        DummyUps = ["ext"],
        ExternalDummyUps = ["ext"],
    };

    private static void WriteAll(string directory, int port, string upsConf, params (string Name, string Text)[] portFiles)
    {
        Directory.CreateDirectory(directory);
        Write(directory, "upsd.conf", $"LISTEN 127.0.0.1 {port}\nMAXAGE 15\n");
        Write(directory, "ups.conf", upsConf);
        Write(directory, "upsd.users", Users);
        foreach (var (name, text) in portFiles) Write(directory, name, text);
    }

    private static void Write(string directory, string name, string text) =>
        File.WriteAllText(Path.Combine(directory, name), text, new UTF8Encoding(false));

    private const string CleanUpsConf = """
        [plain]
        	driver = dummy-ups
        	port = plain.dev
        	desc = "Plain dummy UPS"

        [fake]
        	driver = fakedrv
        	port = none
        	desc = "Scripted fake driver"

        """;

    private const string ExternalUpsConf = """
        [ext]
        	driver = dummy-ups
        	port = ext.dev
        	desc = "Real dummy-ups driver"

        """;

    private const string Users = """
        [admin]
        	password = adminpass
        	actions = SET FSD
        	instcmds = ALL

        [monprimary]
        	password = primpass
        	upsmon primary

        [readonly]
        	password = ropass

        """;

    private const string PlainDev = """
        ups.mfr: Plain Corp
        ups.model: Plain 1500
        ups.status: OL
        ups.load: 17
        battery.charge: 95
        battery.runtime: 2400
        input.voltage: 231.0

        """;

    private const string ExternalDev = """
        ups.mfr: Real Dummy
        ups.model: Ext 900
        ups.status: OL
        ups.load: 42
        battery.charge: 77
        input.voltage: 229.0

        """;
}
