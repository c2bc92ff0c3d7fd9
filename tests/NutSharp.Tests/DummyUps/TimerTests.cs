namespace NutSharp.Tests.DummyUps;

/// <summary>dummy-ups.md §5: TIMER lines pause a pass; it goes on in a later cycle once the whole seconds have passed.</summary>
public class TimerTests
{
    [Test]
    public void A_sequence_with_a_final_timer_holds_each_step_and_wraps_one_cycle_later()
    {
        using var bench = DummyUpsBench.Start("ups.seq", "a: 1\nTIMER 5\na: 2\nTIMER 5\n");
        Assert.That(bench.Value("a"), Is.EqualTo("1"));
        bench.Poll(3);
        Assert.That(bench.Value("a"), Is.EqualTo("1"), "no time has passed");
        bench.Clock.Advance(4);
        bench.Poll();
        Assert.That(bench.Value("a"), Is.EqualTo("1"), "4 of 5 seconds");
        bench.Clock.Advance(1);
        bench.Poll();
        Assert.That(bench.Value("a"), Is.EqualTo("2"));
        bench.Clock.Advance(5);
        bench.Poll();
        Assert.That(bench.Value("a"), Is.EqualTo("2"), "the pass ends at EOF in this cycle");
        bench.Poll();
        Assert.That(bench.Value("a"), Is.EqualTo("1"), "the next cycle starts again at line 1");
    }

    [Test]
    public void A_sequence_without_a_final_timer_goes_back_to_the_top_after_one_cycle()
    {
        using var bench = DummyUpsBench.Start("ups.seq", "a: 1\nTIMER 5\na: 2\n");
        bench.Clock.Advance(5);
        bench.Poll();
        Assert.That(bench.Value("a"), Is.EqualTo("2"));
        bench.Poll();
        Assert.That(bench.Value("a"), Is.EqualTo("1"));
    }

    [TestCase("0")]
    [TestCase("-5")]
    [TestCase("abc")]
    public void Zero_negative_and_non_numeric_delays_still_stop_the_pass_until_the_next_cycle(string delay)
    {
        using var bench = DummyUpsBench.Start("ups.seq", $"a: 1\nTIMER {delay}\na: 2\nTIMER 100\n");
        Assert.That(bench.Value("a"), Is.EqualTo("1"));
        bench.Poll();
        Assert.That(bench.Value("a"), Is.EqualTo("2"));
    }

    [Test]
    public void The_delay_is_read_like_atoi()
    {
        using var bench = DummyUpsBench.Start("ups.seq", "a: 1\nTIMER 2.9\na: 2\nTIMER 100\n");
        bench.Clock.Advance(1);
        bench.Poll();
        Assert.That(bench.Value("a"), Is.EqualTo("1"));
        bench.Clock.Advance(1);
        bench.Poll();
        Assert.That(bench.Value("a"), Is.EqualTo("2"));
    }

    [Test]
    public void Any_word_starting_with_timer_is_a_timer()
    {
        using var bench = DummyUpsBench.Start("ups.seq", "a: 1\nTIMERS_ARE_NOT_VARS: 3\na: 2\nTIMER 100\n");
        Assert.That(bench.Value("TIMERS_ARE_NOT_VARS"), Is.Null);
        Assert.That(bench.Value("a"), Is.EqualTo("1"));
        bench.Clock.Advance(3);
        bench.Poll();
        Assert.That(bench.Value("a"), Is.EqualTo("2"));
    }

    [Test]
    public void A_bare_timer_is_ignored()
    {
        using var bench = DummyUpsBench.Start("ups.seq", "a: 1\nTIMER\na: 2\nTIMER 100\n");
        Assert.That(bench.Value("a"), Is.EqualTo("2"));
    }

    [Test]
    public void Values_set_by_earlier_steps_stay_until_set_again()
    {
        using var bench = DummyUpsBench.Start("ups.seq", "a: 1\nb: 1\nTIMER 1\na: 2\nTIMER 1\n");
        bench.Clock.Advance(1);
        bench.Poll();
        Assert.That(bench.Value("a"), Is.EqualTo("2"));
        Assert.That(bench.Value("b"), Is.EqualTo("1"));
    }

    [Test]
    public void In_once_mode_the_sequence_runs_once_and_stops_at_its_last_state()
    {
        using var bench = DummyUpsBench.Start("ups.dev", "ups.status: OL\nTIMER 3\nups.status: OB\nTIMER 3\nups.status: OB LB\n");
        Assert.That(bench.Value("ups.status"), Is.EqualTo("OL"));
        bench.Clock.Advance(3);
        bench.Poll();
        Assert.That(bench.Value("ups.status"), Is.EqualTo("OB"));
        bench.Clock.Advance(3);
        bench.Poll();
        Assert.That(bench.Value("ups.status"), Is.EqualTo("OB LB"));
        bench.Clock.Advance(100);
        bench.Poll(5);
        Assert.That(bench.Value("ups.status"), Is.EqualTo("OB LB"));
    }
}
