namespace NutSharp.Tests.DummyUps;

/// <summary>dummy-ups.md §6: dummy-once reads the file again only when it changes.</summary>
public class OnceModeTests
{
    [Test]
    public void An_edit_is_picked_up_on_the_next_cycle()
    {
        using var bench = DummyUpsBench.Start("ups.dev", "battery.charge: 100\n");
        bench.Write("battery.charge: 55\nnew.var: added\n");
        bench.Poll();
        Assert.That(bench.Value("battery.charge"), Is.EqualTo("55"));
        Assert.That(bench.Value("new.var"), Is.EqualTo("added"));
    }

    [Test]
    public void Set_values_last_until_a_touch_re_reads_the_file()
    {
        using var bench = DummyUpsBench.Start("ups.dev", "battery.charge: 100\n");
        bench.Set("battery.charge", "42", null);
        bench.Poll(5);
        Assert.That(bench.Value("battery.charge"), Is.EqualTo("42"));
        File.SetLastWriteTimeUtc(bench.FilePath, DateTime.UtcNow.AddMinutes(-10));
        bench.Poll();
        Assert.That(bench.Value("battery.charge"), Is.EqualTo("100"));
    }

    [Test]
    public void A_second_write_with_the_same_mtime_and_size_is_not_missed()
    {
        // Both writes get the same timestamp and the same size: NUT's whole-second mtime test
        // (and a plain mtime+size fingerprint) would miss the second one.
        var stamp = new DateTime(DateTime.UtcNow.AddHours(1).Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        using var bench = DummyUpsBench.Start("ups.dev", "v: start\n");
        bench.Write("v: AAAA\n");
        File.SetLastWriteTimeUtc(bench.FilePath, stamp);
        bench.Poll();
        Assert.That(bench.Value("v"), Is.EqualTo("AAAA"));
        bench.Write("v: BBBB\n");
        File.SetLastWriteTimeUtc(bench.FilePath, stamp);
        bench.Poll();
        Assert.That(bench.Value("v"), Is.EqualTo("BBBB"));
    }

    [Test]
    public void An_atomic_rename_over_the_file_is_picked_up()
    {
        using var bench = DummyUpsBench.Start("ups.dev", "ups.status: OL\n");
        var temp = bench.FilePath + ".tmp";
        File.WriteAllText(temp, "ups.status: OB\n");
        File.Move(temp, bench.FilePath, overwrite: true);
        bench.Poll();
        Assert.That(bench.Value("ups.status"), Is.EqualTo("OB"));
    }

    [Test]
    public void An_empty_read_changes_nothing()
    {
        using var bench = DummyUpsBench.Start("ups.dev", "ups.status: OB\nbattery.charge: 30\n");
        bench.Write("");
        bench.Poll();
        Assert.That(bench.Value("ups.status"), Is.EqualTo("OB"));
        Assert.That(bench.Value("battery.charge"), Is.EqualTo("30"));
        bench.Write("ups.status: OL\nbattery.charge: 31\n");
        bench.Poll();
        Assert.That(bench.Value("battery.charge"), Is.EqualTo("31"));
    }
}
