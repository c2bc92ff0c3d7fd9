using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace NutSharp.Host.Logging;

/// <summary>
/// Sends each message to the local syslog socket as one datagram, as glibc's syslog(3) does for
/// upsd (facility daemon, the ident and this process's PID). The socket is connected on first
/// use and again after a failure, so a syslog daemon that starts or restarts later still gets
/// the messages after it. Sending never blocks: when the daemon's queue is full the message is
/// dropped rather than holding up the server.
/// </summary>
internal sealed class SyslogSink(LogSettings settings) : ILogLineSink
{
    private readonly Lock _lock = new();
    private Socket? _socket;

    public void Write(LogLevel level, string message)
    {
        int severity = SyslogRecord.Severity(level);
        string record = settings.Format == SyslogFormat.Rfc5424
            ? SyslogRecord.Rfc5424(severity, DateTimeOffset.Now, Environment.MachineName, settings.Ident, Environment.ProcessId, message)
            : SyslogRecord.Traditional(severity, DateTimeOffset.Now, settings.Ident, Environment.ProcessId, message);
        var bytes = Encoding.UTF8.GetBytes(record);
        lock (_lock)
        {
            // Twice at most: the second time on a fresh socket, for a daemon that restarted.
            for (int attempt = 0; attempt < 2; attempt++)
            {
                var socket = _socket ??= Connect();
                if (socket is null) return;
                try
                {
                    socket.Send(bytes);
                    return;
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
                {
                    return; // the daemon is behind: drop this one
                }
                catch (SocketException)
                {
                    socket.Dispose();
                    _socket = null;
                }
            }
        }
    }

    private Socket? Connect()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(settings.SocketPath));
            socket.Blocking = false;
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null; // no syslog daemon (yet): the message is lost, as with syslog(3)
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _socket?.Dispose();
            _socket = null;
        }
    }
}
