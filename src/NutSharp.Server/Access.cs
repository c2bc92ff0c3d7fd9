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
    {
        if (session.Username is null || session.Password is null) return null;
        var user = options.Users.Find(session.Username);
        if (user?.Password is null) return null;
        return PasswordsMatch(user.Password, session.Password) ? user : null;
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
