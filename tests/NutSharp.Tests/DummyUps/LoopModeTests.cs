namespace NutSharp.Tests.DummyUps;

/// <summary>dummy-ups.md §7: dummy-loop starts a new pass every cycle after the previous one ended.</summary>
public class LoopModeTests
{
    [Test]
    public void Edits_are_seen_on_the_next_pass()
    {
        using var bench = DummyUpsBench.Start("ups.seq", "a: 1\n");
        bench.Write("a: 2\n");
        bench.Poll();
        Assert.That(bench.Value("a"), Is.EqualTo("2"));
    }

    [Test]
    public void A_set_value_is_overwritten_by_the_next_pass()
    {
        using var bench = DummyUpsBench.Start("ups.seq", "battery.charge: 100\n");
        bench.Set("battery.charge", "42", null);
        Assert.That(bench.Value("battery.charge"), Is.EqualTo("42"));
        bench.Poll();
        Assert.That(bench.Value("battery.charge"), Is.EqualTo("100"));
    }

    [Test]
    public void A_set_value_lasts_while_the_pass_is_paused()
    {
        using var bench = DummyUpsBench.Start("ups.txt", "battery.charge: 100\nTIMER 10\n");
        bench.Set("battery.charge", "42", null);
        bench.Poll(3);
        Assert.That(bench.Value("battery.charge"), Is.EqualTo("42"));
        bench.Clock.Advance(10);
        bench.Poll(2);
        Assert.That(bench.Value("battery.charge"), Is.EqualTo("100"));
    }
}
