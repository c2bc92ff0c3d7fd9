using NutSharp.Devices;

namespace NutSharp.Server;

/// <summary>
/// What one client connection remembers (upsd's nut_ctype_t): who it says it is, which device it
/// logged into, whether it tracks its requests. There is no "authenticated" flag: each privileged
/// command checks the stored name and password against upsd.users at the moment it runs.
/// </summary>
public sealed class Session(long id, string address)
{
    /// <summary>Connection number; larger is newer (LIST CLIENT lists newest first).</summary>
    public long Id { get; } = id;

    /// <summary>The peer address as upsd prints it (no port).</summary>
    public string Address { get; } = address;

    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>The device this connection did LOGIN to, if any.</summary>
    public Device? LoggedInto { get; set; }

    public bool Tracking { get; set; }

    /// <summary>The connection talks TLS (after STARTTLS and a finished handshake).</summary>
    public bool IsTls { get; set; }

    /// <summary>Set by STARTTLS once <c>OK STARTTLS</c> is answered: the connection hands itself to TLS after sending it.</summary>
    public bool StartTlsRequested { get; set; }

    /// <summary>Set by LOGOUT: the connection closes once the current batch of requests is answered.</summary>
    public bool CloseRequested { get; set; }

    /// <summary>Undoes what the session left on devices (NUMLOGINS drops when a connection closes without LOGOUT).</summary>
    public void Closed()
    {
        LoggedInto?.RemoveLogin(Id);
        LoggedInto = null;
    }
}
