using System.Security.Cryptography;
using System.Text;
using NutSharp.Config;

namespace NutSharp.Server;

/// <summary>
/// upsd's per-action checks: the user must exist, have a password, match it exactly, and hold
/// the right. Every failure looks the same to the client (ACCESS-DENIED).
/// </summary>
public static class Access
{
    public static bool HasAction(ServerOptions options, Session session, string action)
        => Authenticate(options, session) is { } user && user.HasAction(action);

    public static bool MayRunCommand(ServerOptions options, Session session, string command)
        => Authenticate(options, session) is { } user && user.MayRunCommand(command);

    private static UserAccount? Authenticate(ServerOptions options, Session session)
        => Authenticate(options.Users, session.Username, session.Password);

    /// <summary>
    /// upsd's user check, for every front-end (NUT sessions, HTTP Basic): the user exists, has a
    /// password, and it matches exactly. Null when any of that fails.
    /// </summary>
    public static UserAccount? Authenticate(UpsdUsers users, string? username, string? password)
    {
        if (username is null || password is null) return null;
        var user = users.Find(username);
        if (user?.Password is null) return null;
        return PasswordsMatch(user.Password, password) ? user : null;
    }

    /// <summary>Compared in constant time so response timing tells nothing about the password.</summary>
    private static bool PasswordsMatch(string expected, string given)
    {
        var a = Encoding.UTF8.GetBytes(expected);
        var b = Encoding.UTF8.GetBytes(given);
        // FixedTimeEquals returns early on a length mismatch; hash both first so length leaks nothing either.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(a), SHA256.HashData(b));
    }
}
