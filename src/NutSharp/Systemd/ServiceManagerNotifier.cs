using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NutSharp.Host.Systemd;

/// <summary>
/// systemd's notify protocol (sd_notify(3)), spoken directly: one datagram of NEWLINE-separated
/// assignments to the Unix socket named by NOTIFY_SOCKET (a path, or an abstract address written
/// with a leading '@'). Microsoft.Extensions.Hosting.Systemd only notifies when its parent
/// process is systemd; this works wherever NOTIFY_SOCKET is set (a unit, systemd-run, a test
/// that binds the socket itself). Without NOTIFY_SOCKET every call does nothing.
/// </summary>
internal sealed class ServiceManagerNotifier : IDisposable
{
    public const string SocketVariable = "NOTIFY_SOCKET";
    public const string WatchdogUsecVariable = "WATCHDOG_USEC";
    public const string WatchdogPidVariable = "WATCHDOG_PID";

    private readonly Socket? _socket;
    private readonly EndPoint? _target;
    private readonly Lock _sending = new();

    private ServiceManagerNotifier(EndPoint? target)
    {
        _target = target;
        if (target is not null) _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    /// <summary>A notifier for NOTIFY_SOCKET (one that does nothing when it is unset or unusable).</summary>
    public static ServiceManagerNotifier FromEnvironment() => ForAddress(Environment.GetEnvironmentVariable(SocketVariable));

    /// <summary>A notifier for a NOTIFY_SOCKET value (see <see cref="ParseAddress"/>).</summary>
    public static ServiceManagerNotifier ForAddress(string? notifySocket) => new(ParseAddress(notifySocket));

    /// <summary>True when there is a service manager to tell.</summary>
    public bool Enabled => _socket is not null;

    /// <summary>
    /// NOTIFY_SOCKET's value as an endpoint: an absolute path, or '@' for Linux's abstract
    /// namespace (the '@' stands for the leading NUL byte). Null for anything else (unset, empty,
    /// a relative path, systemd's vsock: addresses for virtual machines).
    /// </summary>
    public static EndPoint? ParseAddress(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length < 2) return null;
        if (value[0] == '/') return new UnixDomainSocketEndPoint(value);
        if (value[0] == '@') return new UnixDomainSocketEndPoint("\0" + value[1..]);
        return null;
    }

    /// <summary>READY=1 with the status line: the listeners are bound and clients are served.</summary>
    public void Ready(string status) => Send("READY=1\nSTATUS=" + OneLine(status));

    /// <summary>
    /// RELOADING=1 with MONOTONIC_USEC: Type=notify-reload wants both when a reload starts (the
    /// timestamp lets systemd tell this reload from an earlier one); <see cref="Ready"/> ends it.
    /// </summary>
    public void Reloading() =>
        Send("RELOADING=1\nMONOTONIC_USEC=" + Interop.MonotonicClock.Microseconds().ToString(CultureInfo.InvariantCulture)
            + "\nSTATUS=reloading the configuration");

    public void Stopping() => Send("STOPPING=1\nSTATUS=stopping");

    public void Status(string status) => Send("STATUS=" + OneLine(status));

    public void Watchdog() => Send("WATCHDOG=1");

    /// <summary>
    /// WatchdogSec= of the unit, from WATCHDOG_USEC; null when it is not set, not a positive number,
    /// or WATCHDOG_PID names another process (the variables were inherited, not meant for us).
    /// </summary>
    public static TimeSpan? WatchdogInterval()
    {
        if (!long.TryParse(Environment.GetEnvironmentVariable(WatchdogUsecVariable), NumberStyles.None, CultureInfo.InvariantCulture, out long usec) || usec <= 0)
            return null;
        if (Environment.GetEnvironmentVariable(WatchdogPidVariable) is { Length: > 0 } pidText
            && (!int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) || pid != Environment.ProcessId))
            return null;
        return TimeSpan.FromMicroseconds(usec);
    }

    /// <summary>Sends one message; best effort, as sd_notify: a service manager that went away must not stop the server.</summary>
    public void Send(string message)
    {
        if (_socket is null || _target is null) return;
        var bytes = Encoding.UTF8.GetBytes(message);
        lock (_sending)
        {
            try
            {
                _socket.SendTo(bytes, SocketFlags.None, _target);
            }
            catch (SocketException) { /* no receiver (yet): nothing to tell */ }
            catch (ObjectDisposedException) { /* shutting down */ }
        }
    }

    /// <summary>A newline would end the STATUS= assignment and start a bogus one.</summary>
    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    public void Dispose() => _socket?.Dispose();
}
