using System.Net.Sockets;
using System.Text;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Host;

/// <summary>
/// A Unix datagram socket bound where the server is told to send (NOTIFY_SOCKET, the syslog
/// socket), standing in for systemd or a syslog daemon: it keeps every datagram it receives.
/// </summary>
public sealed class DatagramReceiver : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly List<string> _received = [];
    private readonly Thread _reader;

    /// <param name="address">A path, or a name starting with '@' for the abstract namespace (as NOTIFY_SOCKET writes it).</param>
    public DatagramReceiver(string address)
    {
        Address = address;
        _socket.Bind(new UnixDomainSocketEndPoint(address[0] == '@' ? "\0" + address[1..] : address));
        _reader = new Thread(Read) { IsBackground = true, Name = "datagram receiver " + address };
        _reader.Start();
    }

    /// <summary>The address as the server is given it.</summary>
    public string Address { get; }

    public IReadOnlyList<string> Received
    {
        get { lock (_received) return [.. _received]; }
    }

    /// <summary>Everything received so far, one datagram after the other, for failure messages.</summary>
    public string Transcript => string.Join(" | ", Received.Select(r => r.Replace('\n', ' ')));

    /// <summary>Waits for a datagram after the first <paramref name="skip"/> that satisfies <paramref name="accept"/>; returns its index.</summary>
    public int WaitFor(Func<string, bool> accept, string what, int skip = 0)
    {
        int found = -1;
        Wait.Until(() =>
        {
            var all = Received;
            for (int i = skip; i < all.Count; i++)
                if (accept(all[i])) { found = i; return true; }
            return false;
        }, what + "; received: " + Transcript);
        return found;
    }

    private void Read()
    {
        var buffer = new byte[65536];
        while (true)
        {
            int n;
            try { n = _socket.Receive(buffer); }
            catch (SocketException) { return; }
            catch (ObjectDisposedException) { return; }
            lock (_received) _received.Add(Encoding.UTF8.GetString(buffer, 0, n));
        }
    }

    public void Dispose()
    {
        try { _socket.Shutdown(SocketShutdown.Both); }
        catch (SocketException) { /* never connected: closing is enough */ }
        _socket.Dispose();
        _reader.Join(TimeSpan.FromSeconds(5));
    }
}
