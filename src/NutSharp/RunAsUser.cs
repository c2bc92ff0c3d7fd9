using System.Runtime.InteropServices;
using NutSharp.Host.Interop;

namespace NutSharp.Host;

/// <summary>
/// The user the server runs as, as upsd 2.8.0 handles it: the account named by <c>-u</c> (else
/// <see cref="DefaultName"/>) is looked up at start-up, before the configuration is read, and a
/// missing user stops the start; once the listeners are bound, a server started as root becomes
/// that user, with its supplementary groups, before any driver opens a device. <c>-u root</c>
/// keeps root. A server not started as root does not switch (upsd: "switch to &lt;user&gt; (if
/// started as root)"), but the user must still exist, as with upsd.
/// </summary>
internal sealed class RunAsUser
{
    /// <summary>
    /// upsd's compile-time RUN_AS_USER (configure <c>--with-user</c>). NUT's own default is
    /// "nobody"; Debian (and most distributions) build with <c>--with-user=nut</c>, the account
    /// their packages create and give /run/nut and /etc/nut's files to. upsd 2.8.0 from Debian 12,
    /// started as root without -u, runs as nut.
    /// </summary>
    public const string DefaultName = "nut";

    private RunAsUser(Users.Account account) => Account = account;

    public Users.Account Account { get; }

    public string Name => Account.Name;

    /// <summary>
    /// Looks up <paramref name="requested"/> (from -u), or <see cref="DefaultName"/>.
    /// Throws <see cref="StartupException"/> when there is no such user or the lookup fails.
    /// </summary>
    public static RunAsUser Resolve(string? requested)
    {
        string name = requested ?? DefaultName;
        if (Users.Find(name, out int errno) is { } account) return new RunAsUser(account);
        if (errno != 0)
            throw new StartupException($"cannot look up user {name}: {Marshal.GetPInvokeErrorMessage(errno)}");
        throw new StartupException(requested is null
            ? $"user {name} not found: it is the user the server runs as by default, as upsd; create it (NUT's packages do) or name another with -u <user>"
            : $"user {name} not found (-u {name})");
    }

    /// <summary>
    /// upsd's become_user: when started as root, take the user's supplementary groups
    /// (initgroups), then its group, then its uid; every step must succeed or the start fails.
    /// Not root: nothing to do. Returns true when the process changed (or kept) its identity.
    /// </summary>
    public bool Become()
    {
        // upsd: "if we can't switch users, then don't even try".
        if (Users.GetEffectiveUid() != 0 && Users.GetRealUid() != 0) return false;
        // Real uid root with another effective uid: regain root first, or setuid would not reset
        // every id (upsd does the same).
        if (Users.GetRealUid() == 0 && Users.SetEffectiveUid(0) != 0) throw Failure("seteuid(0)");
        // The order matters: groups first, while still root; setuid last, after which nothing
        // else could be changed.
        if (Users.InitGroups(Account.Name, Account.Gid) != 0) throw Failure("initgroups");
        if (Users.SetGid(Account.Gid) != 0) throw Failure($"setgid({Account.Gid})");
        if (Users.SetUid(Account.Uid) != 0) throw Failure($"setuid({Account.Uid})");
        return true;
    }

    private StartupException Failure(string call) =>
        new($"cannot switch to user {Account.Name}: {call} failed: {Marshal.GetLastPInvokeErrorMessage()}");
}
