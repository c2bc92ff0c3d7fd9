using NutSharp.Config;
using NutSharp.Testing;

namespace NutSharp.Tests.Config;

public class UpsdUsersReaderTests
{
    private static UpsdUsers Parse(string text) => UpsdUsersReader.Parse(text, "upsd.users");

    [Test]
    public void Section_16_users_get_their_rights()
    {
        var users = Parse(SpecConfiguration.UpsdUsers);

        Assert.That(users.Users.Keys, Is.EquivalentTo(new[]
            { "admin", "monprimary", "monsecondary", "monmaster", "monslave", "readonly", "limited" }));
        Assert.That(users.Warnings, Is.Empty);

        var admin = users.Find("admin")!;
        Assert.That(admin.Password, Is.EqualTo("adminpass"));
        Assert.That(admin.HasAction("SET"), Is.True);
        Assert.That(admin.HasAction("fsd"), Is.True);
        Assert.That(admin.HasAction("LOGIN"), Is.False, "no upsmon line, so no LOGIN");
        Assert.That(admin.HasAction("MASTER"), Is.False);
        Assert.That(admin.HasAction("PRIMARY"), Is.False);
        Assert.That(admin.AllInstantCommands, Is.True);
        Assert.That(admin.MayRunCommand("anything.at.all"), Is.True);

        var primary = users.Find("monprimary")!;
        Assert.That(primary.Password, Is.EqualTo("prim pass"));
        Assert.That(primary.Actions, Is.SupersetOf(new[] { "LOGIN", "MASTER", "FSD", "PRIMARY" }));
        Assert.That(primary.HasAction("SET"), Is.False);
        Assert.That(primary.MayRunCommand("load.off"), Is.False);

        var secondary = users.Find("monsecondary")!;
        Assert.That(secondary.Password, Is.EqualTo("secpass"));
        Assert.That(secondary.Actions, Is.EquivalentTo(new[] { "LOGIN" }));

        Assert.That(users.Find("monmaster")!.Actions, Is.SupersetOf(new[] { "LOGIN", "MASTER", "FSD", "PRIMARY" }));
        Assert.That(users.Find("monslave")!.Actions, Is.EquivalentTo(new[] { "LOGIN" }));

        var readOnly = users.Find("readonly")!;
        Assert.That(readOnly.Password, Is.EqualTo("ropass"));
        Assert.That(readOnly.Actions, Is.Empty);
        Assert.That(readOnly.InstantCommands, Is.Empty);

        var limited = users.Find("limited")!;
        Assert.That(limited.HasAction("set"), Is.True);
        Assert.That(limited.HasAction("FSD"), Is.False);
        Assert.That(limited.MayRunCommand("load.off"), Is.True);
        Assert.That(limited.MayRunCommand("TEST.BATTERY.START"), Is.True);
        Assert.That(limited.MayRunCommand("load.on"), Is.False);
        Assert.That(limited.AllInstantCommands, Is.False);
    }

    [Test]
    public void User_names_are_case_sensitive()
    {
        var users = Parse(SpecConfiguration.UpsdUsers);

        Assert.That(users.Find("Admin"), Is.Null);
        Assert.That(users.Find("admin"), Is.Not.Null);
    }

    [Test]
    public void Keys_are_case_insensitive_and_actions_are_stored_upper_case()
    {
        var users = Parse("[u]\nPASSWORD = p\nActions = set fsd\nINSTCMDS = beeper.toggle\nUPSMON Primary\n");

        var user = users.Find("u")!;
        Assert.That(user.Password, Is.EqualTo("p"));
        Assert.That(user.Actions, Does.Contain("SET").And.Contain("FSD").And.Contain("MASTER"));
        Assert.That(user.Actions.All(a => a == a.ToUpperInvariant()), Is.True);
        Assert.That(user.MayRunCommand("beeper.toggle"), Is.True);
    }

    [Test]
    public void The_first_password_wins_and_the_second_is_a_warning()
    {
        var users = Parse("[u]\npassword = first\npassword = second\n");

        Assert.That(users.Find("u")!.Password, Is.EqualTo("first"));
        Assert.That(users.Warnings.Single().Line, Is.EqualTo(3));
    }

    [Test]
    public void A_user_without_password_has_none()
    {
        Assert.That(Parse("[nopass]\nactions = SET\n").Find("nopass")!.Password, Is.Null);
    }

    [Test]
    public void A_duplicate_section_is_ignored_and_its_lines_go_to_the_previous_user()
    {
        var users = Parse("""
            [alice]
            password = a
            [bob]
            password = b
            [alice]
            password = other
            actions = SET
            """);

        Assert.That(users.Users, Has.Count.EqualTo(2));
        Assert.That(users.Find("alice")!.Password, Is.EqualTo("a"));
        Assert.That(users.Find("alice")!.HasAction("SET"), Is.False);
        Assert.That(users.Find("bob")!.Password, Is.EqualTo("b"), "first password still wins");
        Assert.That(users.Find("bob")!.HasAction("SET"), Is.True, "upsd's bug: lines go to the previous user");
        var duplicate = users.Warnings.First();
        Assert.That(duplicate.Line, Is.EqualTo(5));
        Assert.That(duplicate.Message, Does.Contain("[alice]").And.Contain("[bob]"));
    }

    [Test]
    public void Old_format_user_lines_are_ignored()
    {
        var users = Parse("user fred\nUSER = bob\n[u]\npassword = p\nuser whatever\n");

        Assert.That(users.Users.Keys, Is.EqualTo(new[] { "u" }));
        Assert.That(users.Find("u")!.Password, Is.EqualTo("p"));
        Assert.That(users.Warnings.Select(w => w.Line), Is.EqualTo(new[] { 1, 2, 5 }));
    }

    [Test]
    public void Lines_outside_a_section_are_warnings()
    {
        var users = Parse("password = nobody\nupsmon primary\nactions = SET\n\"instcmds=ALL\"\n[u]\npassword = p\n");

        Assert.That(users.Warnings.Select(w => w.Line), Is.EqualTo(new[] { 1, 2, 3, 4 }));
        Assert.That(users.Warnings.Select(w => w.ToString()), Has.None.Contain("nobody"));
        Assert.That(users.Find("u")!.Password, Is.EqualTo("p"));
        Assert.That(users.Find("u")!.Actions, Is.Empty);
    }

    [Test]
    public void Unknown_keys_obsolete_keys_and_unknown_upsmon_types_are_warnings()
    {
        var users = Parse("[u]\npassword = p\ncolour = blue\nallowfrom = localhost\nupsmon boss\n");

        Assert.That(users.Warnings.Select(w => w.Line), Is.EqualTo(new[] { 3, 4, 5 }));
        Assert.That(users.Warnings[0].Message, Does.Contain("unrecognized"));
        Assert.That(users.Warnings[1].Message, Does.Contain("allowfrom"));
        Assert.That(users.Warnings[2].Message, Does.Contain("unknown upsmon type"));
        Assert.That(users.Find("u")!.Actions, Is.Empty);
    }

    [TestCase("[u]\npassword =\n", 2)]
    [TestCase("[u]\npassword secret\n", 2)]
    [TestCase("[u]\nactions SET\n", 2)]
    [TestCase("[u]\nupsmon\n", 2)]
    [TestCase("[u]\npassword\n", 2)]
    [TestCase("[u]\n\npassword = \"a#b\"\n", 3)]
    public void Lines_upsd_skips_are_warnings_naming_the_line_and_the_user_keeps_no_password(string text, int line)
    {
        var users = Parse(text);

        var user = users.Find("u")!;
        Assert.That(user.Password, Is.Null);
        Assert.That(user.Actions, Is.Empty);
        Assert.That(users.Warnings.Select(w => w.Line), Has.Member(line));
        Assert.That(users.Warnings.Select(w => w.ToString()), Is.All.StartWith($"upsd.users:{line}: "));
    }

    [Test]
    public void The_compressed_form_with_a_quoted_equals_sign_sets_values_as_in_upsd()
    {
        var users = Parse("[u]\n\"password=secret\"\n\"actions=FSD\" LOGIN\n");

        var user = users.Find("u")!;
        Assert.That(user.Password, Is.EqualTo("secret"));
        Assert.That(user.Actions, Is.EquivalentTo(new[] { "FSD", "LOGIN" }));
        Assert.That(users.Warnings, Is.Empty);
    }

    [Test]
    public void A_lone_equals_sign_first_is_an_empty_compressed_setting()
    {
        var users = Parse("[u]\n= secret\npassword = p\n");

        Assert.That(users.Find("u")!.Password, Is.EqualTo("p"));
        Assert.That(users.Warnings.Select(w => w.Line), Is.EqualTo(new[] { 2, 2 }), "upsd: 'Unrecognized user setting' twice");
    }

    [Test]
    public void Every_word_after_equals_is_applied_with_the_key()
    {
        var users = Parse("[u]\npassword = first second\nactions = set fsd\ninstcmds = load.off load.on\n");

        var user = users.Find("u")!;
        Assert.That(user.Password, Is.EqualTo("first"));
        Assert.That(user.Actions, Is.EquivalentTo(new[] { "SET", "FSD" }));
        Assert.That(user.InstantCommands, Is.EquivalentTo(new[] { "load.off", "load.on" }));
        Assert.That(users.Warnings.Single().Line, Is.EqualTo(2), "the second password is ignored");
    }

    [Test]
    public void Upsmon_with_equals_works_and_extra_words_are_a_warning()
    {
        var users = Parse("[a]\npassword = p\nupsmon = primary\n[b]\npassword = q\nupsmon secondary extra\n");

        Assert.That(users.Find("a")!.Actions, Is.SupersetOf(new[] { "LOGIN", "MASTER", "FSD" }));
        Assert.That(users.Find("b")!.Actions, Is.EquivalentTo(new[] { "LOGIN" }));
        Assert.That(users.Warnings.Single().Line, Is.EqualTo(6));
    }

    [Test]
    public void An_empty_user_name_is_a_user_as_in_upsd()
    {
        var users = Parse("[]\npassword = p\nactions = FSD\n");

        Assert.That(users.Find("")!.Password, Is.EqualTo("p"));
        Assert.That(users.Warnings, Is.Empty);
    }

    [Test]
    public void No_warning_echoes_a_password_wherever_it_is_written()
    {
        var users = Parse("""
            password = pw0utside
            "password=pw0utsideCompressed"
            [u]
            password pw1NoEquals
            password = pw2First pw3Second
            password = pw4Duplicate
            pw5Alone
            pw6Key = value
            password = "pw7#hash"
            "password=pw8Compressed" pw9More
            upsmon pw10Role
            upsmon = pw11Role
            = pw12Lone
            [u]
            password = pw13DuplicateUser
            """);

        Assert.That(users.Warnings, Has.Count.GreaterThanOrEqualTo(12));
        foreach (var warning in users.Warnings)
            Assert.That(warning.ToString(), Does.Not.Match("pw[0-9]"), warning.ToString());
    }

    [Test]
    public void Escapes_cr_lf_and_a_missing_final_newline_work()
    {
        var users = Parse("[u]\r\npassword = \"p\\\"w\\#d\"\r\ninstcmds = load.off \\\nload.on");

        var user = users.Find("u")!;
        Assert.That(user.Password, Is.EqualTo("p\"w#d"));
        Assert.That(user.InstantCommands, Is.EquivalentTo(new[] { "load.off", "load.on" }));
    }

    [Test]
    public void Read_uses_the_file_on_disk()
    {
        string dir = Directory.CreateTempSubdirectory("nutsharp-users-").FullName;
        try
        {
            string path = Path.Combine(dir, "upsd.users");
            File.WriteAllText(path, SpecConfiguration.UpsdUsers);

            Assert.That(UpsdUsersReader.Read(path).Users, Has.Count.EqualTo(7));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
