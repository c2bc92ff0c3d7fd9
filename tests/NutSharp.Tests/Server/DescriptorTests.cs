using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using NutSharp.Server;

namespace NutSharp.Tests.Server;

/// <summary>
/// No descriptor leaks: the open descriptors of this test process (/proc/self/fd) are counted before
/// and after server lifecycles, failed starts and client connections, and must come back to exactly
/// the same number. A warm-up cycle first lets the runtime open what it opens lazily once.
/// </summary>
[NonParallelizable]
public partial class DescriptorTests
{
    private const string Version = "Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/";

    [OneTimeSetUp]
    public async Task Warm_up_the_runtime()
    {
        foreach (int loops in new[] { 1, 2 })
        {
            using var _ = WithLoopCount(loops);
            await using var server = new InProcessServer();
            using var client = server.Connect();
            Assert.That(client.Ask("VER"), Is.EqualTo(Version));
        }
    }

    [Test]
    public async Task Starting_and_disposing_servers_leaves_no_descriptor_open()
    {
        var before = OpenDescriptors();
        for (int cycle = 0; cycle < 40; cycle++)
        {
            using var _ = WithLoopCount(1 + cycle % 2);
            var clients = new List<Tests.Shared.LineClient>();
            await using (var server = new InProcessServer())
            {
                for (int i = 0; i < 3; i++)
                {
                    var client = server.Connect();
                    clients.Add(client);
                    Assert.That(client.Ask("VER"), Is.EqualTo(Version));
                }
                // Disposed with its clients still connected.
            }
            foreach (var c in clients) c.Dispose();
        }
        AssertBackTo(before);
    }

    [Test]
    public void A_start_that_cannot_bind_every_endpoint_closes_the_listeners_it_opened()
    {
        using var blocker = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        blocker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        blocker.Listen();
        int busyPort = ((IPEndPoint)blocker.LocalEndPoint!).Port;
        var before = OpenDescriptors();

        for (int attempt = 0; attempt < 20; attempt++)
        {
            var server = NewServer(); // not disposed: a Start that throws leaves nothing open
            var e = Assert.Throws<InvalidOperationException>(() => server.Start(
                [new IPEndPoint(IPAddress.Loopback, 0), new IPEndPoint(IPAddress.IPv6Loopback, 0), new IPEndPoint(IPAddress.Loopback, busyPort)],
                allowPartial: false));
            Assert.That(e!.Message, Does.Contain(busyPort.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        AssertBackTo(before);
    }

    /// <summary>
    /// The open-files limit is lowered so that exactly <paramref name="free"/> descriptors can still be
    /// opened: the listener, then each loop's epoll set and eventfd, until one of them fails.
    /// </summary>
    [TestCase(1, 1, "epoll_create1")]
    [TestCase(1, 2, "eventfd")]
    [TestCase(2, 3, "epoll_create1")]
    [TestCase(2, 4, "eventfd")]
    public async Task A_start_that_cannot_create_its_event_loops_closes_everything_it_opened(int loops, int free, string failingCall)
    {
        using var _ = WithLoopCount(loops);
        var before = OpenDescriptors();
        // Not disposed: a Start that throws must not leave anything for its caller to clean up.
        var failed = NewServer();
        var failure = Assert.Throws<InvalidOperationException>(() => WithOnlyFreeDescriptors(free, () =>
            failed.Start([new IPEndPoint(IPAddress.Loopback, 0)], allowPartial: false)));
        AssertBackTo(before);
        Assert.That(failure!.Message, Does.Contain(failingCall + ": Too many open files"), "the failing call and the system's reason");

        // With descriptors to spare, the same start works. (Not exactly one more each: the runtime
        // itself needs a descriptor to start a thread, and fails with OutOfMemoryException without.)
        await using (var server = NewServer())
        {
            WithOnlyFreeDescriptors(free + 16, () => server.Start([new IPEndPoint(IPAddress.Loopback, 0)], allowPartial: false));
            using var client = new Tests.Shared.LineClient(server.LocalEndpoints[0].Port);
            Assert.That(client.Ask("VER"), Is.EqualTo(Version));
        }
        AssertBackTo(before);
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task Clients_that_come_and_go_leave_no_descriptor_open(int loops)
    {
        using var _ = WithLoopCount(loops);
        await using var server = new InProcessServer(idleTimeoutSeconds: 1);
        var before = OpenDescriptors();

        for (int round = 0; round < 20; round++)
        {
            // One that leaves politely, one the server sends away (LOGOUT), one that resets
            // mid-reply, one that half-sends a line and goes, one left idle until the server drops it.
            using (var polite = server.Connect()) Assert.That(polite.Ask("VER"), Is.EqualTo(Version));
            using (var leaving = server.Connect())
            {
                leaving.Send("LOGOUT\n");
                Assert.That(leaving.ReadLine(), Is.EqualTo("OK Goodbye"));
                Assert.That(leaving.ReadLine(), Is.Null);
            }
            using (var vanishing = server.Connect())
            {
                vanishing.Socket.ReceiveBufferSize = 4096;
                vanishing.Send(string.Concat(Enumerable.Repeat("LIST VAR ups1\n", 200)));
                vanishing.Socket.LingerState = new LingerOption(true, 0);
            }
            using (var halfLine = server.Connect()) halfLine.Send("GET VAR ups1 ups.st");
        }
        using (var idle = server.Connect())
        {
            Assert.That(idle.Ask("VER"), Is.EqualTo(Version));
            Assert.That(idle.WaitForClose(30_000), Is.True, "the idle client is dropped");
        }
        Assert.That(WaitFor(() => server.Server.ConnectionCount == 0), Is.True, "every connection is closed");
        AssertBackTo(before);
    }

    private static NutServer NewServer() => new(new NutSharp.Devices.DeviceStore(new NutSharp.Devices.TrackingRegistry()), new ServerOptions(), NullLogger.Instance);

    /// <summary>
    /// Every open descriptor of this process and what it refers to, except assemblies: the runtime
    /// opens a .dll the first time something in it is used (System.Net.NameResolution, ...) and
    /// closes others when it likes, which says nothing about the server.
    /// </summary>
    private static List<string> OpenDescriptors()
    {
        var result = new List<string>();
        foreach (var path in Directory.GetFileSystemEntries("/proc/self/fd"))
        {
            string? target;
            try { target = new FileInfo(path).LinkTarget; }
            catch (IOException) { target = null; }
            // The listing's own directory descriptor is gone by the time it is read: no target.
            if (target is null || target.EndsWith(".dll", StringComparison.Ordinal)) continue;
            result.Add(Path.GetFileName(path) + " -> " + target);
        }
        return result;
    }

    /// <summary>Waits (closing is asynchronous: the loops close sockets on their threads) until the count is back.</summary>
    private static void AssertBackTo(List<string> before)
    {
        List<string> now = OpenDescriptors();
        WaitFor(() => (now = OpenDescriptors()).Count == before.Count);
        Assert.That(now, Has.Count.EqualTo(before.Count),
            "descriptors opened and not closed:\n" + string.Join("\n", now.Except(before)) + "\nclosed:\n" + string.Join("\n", before.Except(now)));
    }

    private static bool WaitFor(Func<bool> condition, int timeoutMs = 20_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (Environment.TickCount64 < deadline)
        {
            if (condition()) return true;
            Thread.Sleep(50);
        }
        return condition();
    }

    private static LoopCountScope WithLoopCount(int loops)
    {
        var scope = new LoopCountScope(NutServer.LoopCount);
        NutServer.LoopCount = loops;
        return scope;
    }

    private sealed class LoopCountScope(int previous) : IDisposable
    {
        public void Dispose() => NutServer.LoopCount = previous;
    }

    /// <summary>
    /// Runs <paramref name="action"/> while this process can open exactly <paramref name="free"/> more
    /// descriptors: the open-files limit is lowered and every other number below it is taken with
    /// /dev/null, then both are undone.
    /// </summary>
    private static void WithOnlyFreeDescriptors(int free, Action action)
    {
        Assert.That(GetResourceLimit(RlimitNofile, out var original), Is.Zero);
        int highest = Directory.GetFileSystemEntries("/proc/self/fd").Select(p => int.Parse(Path.GetFileName(p), System.Globalization.CultureInfo.InvariantCulture)).Max();
        var fillers = new List<int>();
        try
        {
            var lowered = new ResourceLimit { Current = (ulong)highest + 64, Maximum = original.Maximum };
            Assert.That(SetResourceLimit(RlimitNofile, in lowered), Is.Zero);
            while (true)
            {
                int fd = Open("/dev/null", OReadOnlyCloseOnExec);
                if (fd < 0) break;
                fillers.Add(fd);
            }
            for (int i = 0; i < free; i++)
            {
                Close(fillers[^1]);
                fillers.RemoveAt(fillers.Count - 1);
            }
            action();
        }
        finally
        {
            SetResourceLimit(RlimitNofile, in original);
            foreach (int fd in fillers) Close(fd);
        }
    }

    private const int RlimitNofile = 7;
    private const int OReadOnlyCloseOnExec = 0x80000;

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetResourceLimit(int resource, out ResourceLimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetResourceLimit(int resource, in ResourceLimit limit);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
