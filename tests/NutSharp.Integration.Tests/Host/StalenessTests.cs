using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Host;

/// <summary>
/// End to end with the built-in dummy-ups: a definition file renamed to <c>-nocomms</c> makes the
/// device unreachable (as a dead NUT driver would), and renaming it back brings the data back.
/// </summary>
[NonParallelizable]
public sealed class StalenessTests
{
    private HostSandbox _sandbox = null!;

    [SetUp]
    public void CreateSandbox() => _sandbox = new HostSandbox();

    [TearDown]
    public void DisposeSandbox() => _sandbox.Dispose();

    [Test]
    public async Task Nocomms_rename_disconnects_the_driver_and_renaming_back_restores_the_data()
    {
        var server = await _sandbox.StartServingAsync();
        using var client = _sandbox.Connect();
        Assert.That(client.Ask("GET VAR ups1 battery.charge"), Is.EqualTo("VAR ups1 battery.charge \"100\""));

        string dev = _sandbox.ConfPath("ups1.dev");
        File.Move(dev, dev + "-nocomms");
        Wait.UntilValue(() => client.Ask("GET VAR ups1 battery.charge"), r => r == "ERR DRIVER-NOT-CONNECTED", "ups1 to read as not connected");
        Assert.That(client.Ask("GET VAR ups2 battery.charge"), Is.EqualTo("VAR ups2 battery.charge \"4\""), "the other UPS is unaffected");

        File.Move(dev + "-nocomms", dev);
        Wait.UntilValue(() => client.Ask("GET VAR ups1 battery.charge"), r => r == "VAR ups1 battery.charge \"100\"", "ups1 data to come back");
        Assert.That(server.HasExited, Is.False);
    }
}
