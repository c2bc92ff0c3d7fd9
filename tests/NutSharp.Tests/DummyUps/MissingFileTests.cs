namespace NutSharp.Tests.DummyUps;

/// <summary>dummy-ups.md §8: a missing file means DRIVER-NOT-CONNECTED, and recovery starts afresh.</summary>
public class MissingFileTests
{
    [Test]
    public void Missing_at_start_up_is_not_connected_until_the_file_appears()
    {
        using var bench = new DummyUpsBench("ups.dev");
        bench.Poll(2);
        Assert.That(bench.Availability, Is.EqualTo(NutSharp.Devices.Availability.NotConnected));
        bench.Write("ups.mfr: Late\n");
        bench.Poll();
        Assert.That(bench.Availability, Is.EqualTo(NutSharp.Devices.Availability.Available));
        Assert.That(bench.Value("ups.mfr"), Is.EqualTo("Late"));
    }

    [TestCase("ups.dev")]
    [TestCase("ups.seq")]
    public void Renamed_to_nocomms_is_not_connected_and_renamed_back_starts_afresh(string port)
    {
        using var bench = DummyUpsBench.Start(port, "ups.mfr: Acme\nbattery.charge: 80\nold.var: x\n");
        bench.Set("battery.charge", "42", null);
        File.Move(bench.FilePath, bench.FilePath + "-nocomms");
        bench.Poll();
        Assert.That(bench.Availability, Is.EqualTo(NutSharp.Devices.Availability.NotConnected));
        bench.Poll(3);
        Assert.That(bench.Availability, Is.EqualTo(NutSharp.Devices.Availability.NotConnected));

        File.WriteAllText(bench.FilePath + "-nocomms", "battery.charge: 90\n");
        File.Move(bench.FilePath + "-nocomms", bench.FilePath);
        bench.Poll();
        Assert.That(bench.Availability, Is.EqualTo(NutSharp.Devices.Availability.Available));
        Assert.That(bench.Value("battery.charge"), Is.EqualTo("90"));
        Assert.That(bench.Value("old.var"), Is.Null, "a restarted driver has none of the old values");
        Assert.That(bench.Value("ups.mfr"), Is.EqualTo("Dummy Manufacturer"));
        Assert.That(bench.Value("device.mfr"), Is.EqualTo("Dummy Manufacturer"));
        Assert.That(bench.Commands, Is.EqualTo(new[] { "load.off" }));
    }

    [Test]
    public void In_loop_mode_the_loss_shows_when_the_next_pass_starts()
    {
        using var bench = DummyUpsBench.Start("ups.seq", "a: 1\nTIMER 3\na: 2\n");
        File.Delete(bench.FilePath);
        bench.Poll(2);
        Assert.That(bench.Availability, Is.EqualTo(NutSharp.Devices.Availability.Available), "paused at TIMER: the file is not needed yet");
        bench.Clock.Advance(3);
        bench.Poll();
        Assert.That(bench.Value("a"), Is.EqualTo("2"), "the pass in progress carries on");
        bench.Poll();
        Assert.That(bench.Availability, Is.EqualTo(NutSharp.Devices.Availability.NotConnected));
    }

    [Test]
    public void A_directory_in_place_of_the_file_is_not_connected()
    {
        using var bench = new DummyUpsBench("ups.dev");
        Directory.CreateDirectory(bench.FilePath);
        bench.Poll();
        Assert.That(bench.Availability, Is.EqualTo(NutSharp.Devices.Availability.NotConnected));
    }
}
