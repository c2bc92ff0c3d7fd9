namespace NutSharp.Config;

/// <summary>
/// Reads upsd.users: <c>[username]</c> sections with password, actions, instcmds and upsmon, with
/// the acceptance of upsd 2.8.0 (server/user.c). Nothing in the file stops start-up: upsd logs or
/// silently skips every line it cannot use, and so does NutSharp, with a warning naming the file
/// and line for each. Warnings never echo a word of the line (only user names from headers), so
/// a password cannot reach a log however badly the line is written.
/// </summary>
/// <remarks>
/// upsd's quirks kept on purpose: a repeated <c>[user]</c> header is ignored and the lines under
/// it go to whichever user was being read before; a first word holding '=' (only possible quoted
/// or escaped, <c>"password=secret"</c>) is the compressed <c>key=value</c> form; every word after
/// <c>key =</c> is applied with the same key; and <c>upsmon = primary</c> works.
/// </remarks>
public static class UpsdUsersReader
{
    public static UpsdUsers Read(string path)
    {
        var users = new UpsdUsers();
        Parse(ConfigLineReader.Read(ConfigLineReader.ReadFileBytes(path), path, users.Warnings), path, users);
        return users;
    }

    public static UpsdUsers Parse(string text, string fileName)
    {
        var users = new UpsdUsers();
        Parse(ConfigLineReader.Read(text, fileName, users.Warnings), fileName, users);
        return users;
    }

    private static void Parse(List<ConfigLine> lines, string fileName, UpsdUsers users)
    {
        UserAccount? current = null;

        foreach (var line in lines)
        {
            void Warn(string message) => users.Warnings.Add(new ConfigWarning(fileName, line.Number, message));

            // Lines of the pre-2.0 file format; upsd skips them without a word.
            if (line[0].Equals("user", StringComparison.OrdinalIgnoreCase))
            {
                Warn("a line of the old (pre-2.0) file format is ignored, as upsd ignores it");
                continue;
            }

            // The compressed form "key=value [more values]" (the '=' quoted or escaped into the word).
            int equals = line[0].IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                if (current is null) { Warn(OutsideSection); continue; }
                Apply(current, line[0][..equals], line[0][(equals + 1)..], Warn);
                for (int i = 1; i < line.Count; i++) Apply(current, line[0][..equals], line[i], Warn);
                continue;
            }

            if (line.IsSectionHeader)
            {
                string name = line.SectionName;
                if (line.Count > 1) Warn($"the words after the section header [{name}] are ignored, as upsd ignores them");
                if (users.Users.ContainsKey(name))
                {
                    Warn(current is null || current.Name == name
                        ? $"duplicate user [{name}] ignored"
                        : $"duplicate user [{name}] ignored; as in upsd, the lines that follow apply to user [{current.Name}]");
                    continue;
                }
                current = new UserAccount(name);
                users.Users.Add(name, current);
                continue;
            }

            if (line.Count < 2)
            {
                Warn("a setting without '= value'; the line is ignored, as upsd ignores it");
                continue;
            }

            // "upsmon primary": upsd applies the second word as the upsmon type whatever follows,
            // so "upsmon = primary" first meets "=" (upsd logs "Unknown upsmon type =") and is
            // then applied again below as "key = value".
            bool upsmon = line[0].Equals("upsmon", StringComparison.OrdinalIgnoreCase);
            if (upsmon)
            {
                if (current is null) { Warn(OutsideSection); continue; }
                ApplyUpsmonRole(current, line[1], Warn);
            }

            if (line.Count < 3)
            {
                if (!upsmon) Warn("expected 'name = value'; the line is ignored, as upsd ignores it");
                continue;
            }

            if (line[1] != "=")
            {
                Warn(upsmon
                    ? "'upsmon' takes one word (primary or secondary); the words after it are ignored, as upsd ignores them"
                    : "expected 'name = value'; the line is ignored, as upsd ignores it");
                continue;
            }

            if (current is null) { Warn(OutsideSection); continue; }
            for (int i = 2; i < line.Count; i++) Apply(current, line[0], line[i], Warn);
        }
        ConfigLineReader.SortByLine(users.Warnings);
    }

    private const string OutsideSection = "a setting outside any [user] section is ignored, as upsd ignores it";

    private static void Apply(UserAccount user, string key, string value, Action<string> warn)
    {
        switch (key.ToLowerInvariant())
        {
            case "password":
                if (user.Password is null) user.Password = value;
                else warn($"another password for user [{user.Name}] is ignored; the first one is kept, as in upsd");
                break;
            case "actions":
                user.Actions.Add(value.ToUpperInvariant());
                break;
            case "instcmds":
                user.InstantCommands.Add(value);
                break;
            case "upsmon":
                ApplyUpsmonRole(user, value, warn);
                break;
            case "allowfrom":
                warn("allowfrom in upsd.users is no longer used and is ignored, as in upsd");
                break;
            default:
                warn("unrecognized user setting ignored (upsd knows password, actions, instcmds and upsmon)");
                break;
        }
    }

    private static void ApplyUpsmonRole(UserAccount user, string role, Action<string> warn)
    {
        switch (role.ToLowerInvariant())
        {
            case "primary" or "master":
                user.Actions.Add("LOGIN");
                user.Actions.Add("MASTER");
                user.Actions.Add("FSD");
                // upsd checks MASTER for both PRIMARY and MASTER; keeping PRIMARY too lets
                // either spelling be checked.
                user.Actions.Add("PRIMARY");
                break;
            case "secondary" or "slave":
                user.Actions.Add("LOGIN");
                break;
            case "=":
                // "upsmon = primary" meets its "=" here first; upsd logs "Unknown upsmon type ="
                // and then applies the type. The form is legal, so NutSharp stays quiet.
                break;
            default:
                warn("unknown upsmon type ignored (expected primary or secondary)");
                break;
        }
    }
}
