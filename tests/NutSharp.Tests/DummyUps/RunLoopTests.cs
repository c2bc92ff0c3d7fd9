using NutSharp.Devices;
using NutSharp.Testing;

namespace NutSharp.Tests.DummyUps;

/// <summary>The real poll loop (RunAsync) with a short poll interval; everything waits for conditions.</summary>
public class RunLoopTests
{
    [Test]
    public async Task Publishes_keeps_data_fresh_and_recovers_from_nocomms()
    {
        using var bench = new DummyUpsBench("ups.dev");
        bench.Write("ups.status: OL\nbattery.charge: 100\n");
        bench.Device.MaxAgeSeconds = 1;
        using var cts = new CancellationTokenSource();
        var run = Task.Run(() => bench.Driver.RunAsync(cts.Token));

        Wait.Until(() => bench.Connected && bench.Value("battery.charge") == "100", "first pass");
        bench.Write("ups.status: OB\nbattery.charge: 100\n");
        Wait.Until(() => bench.Value("ups.status") == "OB", "the edit");

        File.Move(bench.FilePath, bench.FilePath + "-nocomms");
        Wait.Until(() => bench.Availability == Availability.NotConnected, "not connected");
        File.Move(bench.FilePath + "-nocomms", bench.FilePath);
        Wait.Until(() => bench.Connected, "recovery");

        // Heard every cycle: still fresh after more than MaxAgeSeconds of running.
        long since = Environment.TickCount64;
        Wait.Until(() => Environment.TickCount64 - since > 1500, "more than MAXAGE to pass");
        bench.WaitForCycles(2);
        Assert.That(bench.Availability, Is.EqualTo(Availability.Available));

        await cts.CancelAsync();
        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(bench.Availability, Is.EqualTo(Availability.NotConnected), "a stopped driver is not connected");
    }

    [Test]
    public async Task Set_from_other_threads_while_the_loop_runs()
    {
        using var bench = new DummyUpsBench("ups.dev");
        bench.Write("battery.charge: 100\nups.status: OL\n");
        using var cts = new CancellationTokenSource();
        var run = Task.Run(() => bench.Driver.RunAsync(cts.Token));
        Wait.Until(() => bench.Connected, "first pass");

        var setters = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < 200; i++)
                Assert.That(bench.Driver.SetVariable($"custom.t{t}", i.ToString(System.Globalization.CultureInfo.InvariantCulture), null),
                    Is.EqualTo(DeviceRequestResult.Accepted));
        })).ToArray();
        await Task.WhenAll(setters);
        bench.WaitForCycles(2);

        for (int t = 0; t < 4; t++) Assert.That(bench.Value($"custom.t{t}"), Is.EqualTo("199"));
        Assert.That(bench.Value("battery.charge"), Is.EqualTo("100"));
        await cts.CancelAsync();
        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
    }
}
