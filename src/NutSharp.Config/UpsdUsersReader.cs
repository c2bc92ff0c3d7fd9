namespace NutSharp.Config;

/// <summary>
/// Reads upsd.users: <c>[username]</c> sections with password, actions, instcmds and upsmon.
/// Follows upsd 2.8.0, including its handling of a repeated <c>[user]</c> header: the header is
/// ignored and the lines under it go to whichever user was being read before.
/// </summary>
public static class UpsdUsersReader
{
    public static UpsdUsers Read(string path) =>
        Parse(ConfigLineReader.Read(ConfigLineReader.ReadFileBytes(path), path), path);

    public static UpsdUsers Parse(string text, string fileName) =>
        Parse(ConfigLineReader.Read(text, fileName), fileName);

    private static UpsdUsers Parse(List<ConfigLine> lines, string fileName)
    {
        var users = new UpsdUsers();
        UserAccount? current = null;

        foreach (var line in lines)
        {
            void Warn(string message) => users.Warnings.Add(new ConfigWarning(fileName, line.Number, message));

            // Lines of the pre-2.0 file format; upsd skips them.
            if (line[0].Equals("user", StringComparison.OrdinalIgnoreCase)) continue;

            if (line.IsSectionHeader)
            {
                string name = line.SectionName;
                if (name.Length == 0) throw new ConfigException(fileName, line.Number, "empty user name '[]'");
                if (line.Count > 1) Warn($"ignoring '{line.Joined(1)}' after section header [{name}]");
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

            var (key, values) = SplitSetting(line, fileName);
            if (current is null)
            {
                Warn($"'{line.Joined()}' is outside any [user] section and is ignored");
                continue;
            }
            foreach (string value in values) ApplySetting(current, key, value, Warn);
        }

        return users;
    }

    /// <summary><c>key = v1 v2 ...</c>, or <c>upsmon type</c> without the '='.</summary>
    private static (string Key, string[] Values) SplitSetting(ConfigLine line, string fileName)
    {
        if (line[0] == "=")
            throw new ConfigException(fileName, line.Number, $"'=' without a name before it: '{line.Joined()}'");
        if (line.Count >= 2 && line[1] == "=")
        {
            if (line.Count == 2) throw new ConfigException(fileName, line.Number, $"'{line[0]} =' has no value");
            return (line[0], line.Words[2..]);
        }
        if (line.Count >= 2 && line[0].Equals("upsmon", StringComparison.OrdinalIgnoreCase))
            return (line[0], line.Words[1..]);
        throw new ConfigException(fileName, line.Number, $"expected 'name = value', got '{line.Joined()}'");
    }

    private static void ApplySetting(UserAccount user, string key, string value, Action<string> warn)
    {
        switch (key.ToLowerInvariant())
        {
            case "password":
                if (user.Password is null) user.Password = value;
                else warn($"ignoring another password for user [{user.Name}]; the first one is kept");
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
                warn("allowfrom in upsd.users is obsolete and ignored");
                break;
            default:
                warn($"unrecognized user setting '{key}' ignored");
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
            default:
                warn($"unknown upsmon type '{role}' (expected primary or secondary)");
                break;
        }
    }
}
