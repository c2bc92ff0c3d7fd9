using System.Net.Sockets;
using System.Text;
using NutSharp.Host.Interop;
using NutSharp.Host.Systemd;

namespace NutSharp.Tests.Host;

/// <summary>The notify datagrams, received on a socket bound where NOTIFY_SOCKET points (as systemd's own).</summary>
public class ServiceManagerNotifierTests
{
    [Test]
    public void Notify_socket_addresses_are_paths_or_abstract_names()
    {
        Assert.That(ServiceManagerNotifier.ParseAddress("/run/systemd/notify"), Is.EqualTo(new UnixDomainSocketEndPoint("/run/systemd/notify")));
        Assert.That(ServiceManagerNotifier.ParseAddress("@/org/freedesktop/systemd1/notify/42"),
            Is.EqualTo(new UnixDomainSocketEndPoint("\0/org/freedesktop/systemd1/notify/42")));
        Assert.That(ServiceManagerNotifier.ParseAddress(null), Is.Null);
        Assert.That(ServiceManagerNotifier.ParseAddress(""), Is.Null);
        Assert.That(ServiceManagerNotifier.ParseAddress("relative/notify"), Is.Null);
        Assert.That(ServiceManagerNotifier.ParseAddress("vsock:2:1234"), Is.Null);
    }

    [Test]
    public void Without_a_notify_socket_nothing_is_sent_and_nothing_fails()
    {
        using var notifier = ServiceManagerNotifier.ForAddress(null);
        Assert.That(notifier.Enabled, Is.False);
        Assert.DoesNotThrow(() => notifier.Ready("serving"));
    }

    [Test]
    public void Reloading_carries_the_monotonic_clock_in_microseconds_and_ready_the_status()
    {
        string name = "\0nutsharp-notify-test-" + Guid.NewGuid().ToString("N");
        using var receiver = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        receiver.Bind(new UnixDomainSocketEndPoint(name));
        receiver.ReceiveTimeout = 30_000;
        using var notifier = ServiceManagerNotifier.ForAddress("@" + name[1..]);

        long before = MonotonicClock.Microseconds();
        notifier.Reloading();
        long after = MonotonicClock.Microseconds();
        notifier.Ready("serving 1 device, 0 clients\nconnected");

        var reloading = Receive(receiver).Split('\n');
        Assert.That(reloading, Does.Contain("RELOADING=1"));
        var stamp = reloading.Single(l => l.StartsWith("MONOTONIC_USEC=", StringComparison.Ordinal));
        Assert.That(long.Parse(stamp["MONOTONIC_USEC=".Length..], System.Globalization.CultureInfo.InvariantCulture), Is.InRange(before, after));
        // A line break in the status would start a new assignment: it is flattened.
        Assert.That(Receive(receiver), Is.EqualTo("READY=1\nSTATUS=serving 1 device, 0 clients connected"));
    }

    private static string Receive(Socket socket)
    {
        var buffer = new byte[4096];
        int n = socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }
}
