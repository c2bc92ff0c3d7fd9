using NUnit.Framework.Internal;
using NutSharp.Testing;

namespace NutSharp.Tests.Testing;

/// <summary>
/// The shared test helpers fail when they should: a missing NUT program is a failure when the
/// runner requires NUT and an ignore otherwise, and a wait that runs out fails with what it waited
/// for. Each helper runs in an isolated NUnit context, so its failure is caught here instead of
/// failing this test.
/// </summary>
public class TestHelperTests
{
    private const string Missing = "/nonexistent/nutsharp-tests/upsd";

    [Test]
    public void A_missing_program_fails_the_test_when_nut_is_required()
    {
        var outcome = Outcome(() => TestPaths.CheckInstalled(required: true, TestPaths.RepositoryRoot + "/NutSharp.sln", Missing));
        Assert.That(outcome, Is.InstanceOf<AssertionException>());
        Assert.That(outcome!.Message, Does.Contain(Missing).And.Contain(TestPaths.RequireNutVariable + "=1"));
    }

    [Test]
    public void A_missing_program_ignores_the_test_when_nut_is_not_required()
    {
        var outcome = Outcome(() => TestPaths.CheckInstalled(required: false, Missing));
        Assert.That(outcome, Is.InstanceOf<IgnoreException>());
        Assert.That(outcome!.Message, Does.Contain(Missing).And.Contain("not installed"));
    }

    [Test]
    public void Installed_programs_let_the_test_go_on()
    {
        string present = Path.Combine(TestPaths.RepositoryRoot, "NutSharp.sln");
        Assert.That(Outcome(() => TestPaths.CheckInstalled(required: true, present)), Is.Null);
    }

    [Test]
    public void A_wait_that_runs_out_fails_with_what_it_waited_for()
    {
        var outcome = Outcome(() => Wait.Until(() => false, "the impossible", TimeSpan.FromMilliseconds(50)));
        Assert.That(outcome, Is.InstanceOf<AssertionException>());
        Assert.That(outcome!.Message, Does.Contain("gave up waiting").And.Contain("for: the impossible"));
    }

    [Test]
    public void Wait_until_value_returns_the_accepted_value_or_fails_with_the_last_one_seen()
    {
        int calls = 0;
        Assert.That(Wait.UntilValue(() => ++calls, n => n == 3, "the third call"), Is.EqualTo(3));

        var outcome = Outcome(() => Wait.UntilValue(() => "still WAIT", r => r == "OL", "OL", TimeSpan.FromMilliseconds(50)));
        Assert.That(outcome, Is.InstanceOf<AssertionException>());
        Assert.That(outcome!.Message, Does.Contain("last seen: still WAIT"));
    }

    [Test]
    public async Task Wait_for_reports_whether_the_condition_came_true()
    {
        int checks = 0;
        Assert.That(Wait.For(() => ++checks >= 3), Is.True);
        Assert.That(Wait.For(() => false, TimeSpan.FromMilliseconds(50)), Is.False);
        Assert.That(await Wait.ForAsync(async () => { await Task.Yield(); return true; }), Is.True);
        Assert.That(await Wait.ForAsync(() => false, TimeSpan.FromMilliseconds(50)), Is.False);
    }

    /// <summary>What <paramref name="action"/> threw (null: nothing), without it touching this test's result.</summary>
    private static Exception? Outcome(Action action)
    {
        using (new TestExecutionContext.IsolatedContext())
        {
            try
            {
                action();
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        }
    }
}
