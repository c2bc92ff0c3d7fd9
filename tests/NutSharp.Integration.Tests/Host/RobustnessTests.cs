using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using NutSharp.Testing;
using NutSharp.Tests.Shared;

namespace NutSharp.Integration.Tests.Host;

/// <summary>
/// Abuse a real deployment sees (connection bursts, huge lines, slow and vanishing clients)
/// against the native binary: the server keeps answering and its memory stays bounded.
/// </summary>
[NonParallelizable]
public sealed partial class RobustnessTests
{
    private const string StatusReply = "VAR ups1 ups.status \"OL\"";

    private HostSandbox _sandbox = null!;
    private HostRun _server = null!;

    [SetUp]
    public async Task StartServer()
    {
        _sandbox = new HostSandbox();
        _server = await _sandbox.StartServingAsync();
    }

    [TearDown]
    public void DisposeSandbox() => _sandbox.Dispose();

    private void AssertStillAnswers()
    {
        Assert.That(_server.HasExited, Is.False, "server exited: " + _server.Stderr);
        using var client = _sandbox.Connect();
        Assert.That(client.Ask("GET VAR ups1 ups.status"), Is.EqualTo(StatusReply));
    }

    [Test]
    public void Ten_thousand_connections_at_once_are_all_answered()
    {
        string script = Path.Combine(TestPaths.RepositoryRoot, "scripts", "bench", "burst.py");
        var start = new ProcessStartInfo("python3")
        {
            ArgumentList = { script, _sandbox.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "10000", "--wait", "90" },
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var burst = Process.Start(start)!;
        var stderr = burst.StandardError.ReadToEndAsync();
        string output = burst.StandardOutput.ReadToEnd();
        Assert.That(burst.WaitForExit(TimeSpan.FromSeconds(180)), Is.True, "burst.py did not finish");
        Assert.That(burst.ExitCode, Is.Zero, stderr.Result);

        var answered = AnsweredCount().Match(output);
        Assert.That(answered.Success, Is.True, "burst.py output: " + output);
        Assert.That(int.Parse(answered.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(10000), "burst.py output: " + output);
        AssertStillAnswers();
    }

    [GeneratedRegex(@"\banswered=(\d+)")]
    private static partial Regex AnsweredCount();

    [Test]
    public async Task Flood_of_one_megabyte_lines_does_not_grow_memory_without_bound()
    {
        const int Connections = 6;
        const int LinesPerConnection = 24;
        const long BoundKilobytes = 200 * 1024;
        long before = _server.ResidentKilobytes();

        byte[] line = new byte[1024 * 1024];
        Array.Fill(line, (byte)'x');
        "GET VAR ups1 "u8.CopyTo(line);
        line[^1] = (byte)'\n';

        long peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, _server.ResidentKilobytes());
                try { await Task.Delay(50, sampling.Token); } catch (OperationCanceledException) { }
            }
        });

        var floods = Enumerable.Range(0, Connections).Select(_ => Task.Run(() => Flood(line, LinesPerConnection))).ToArray();
        Assert.That(Task.WaitAll(floods, TimeSpan.FromSeconds(120)), Is.True, "the floods did not finish");
        await sampling.CancelAsync();
        await sampler;
        long after = _server.ResidentKilobytes();

        TestContext.Out.WriteLine($"VmRSS before {before} kB, peak {peak} kB, after {after} kB");
        Assert.That(peak, Is.LessThan(BoundKilobytes), "peak VmRSS while flooded");
        Assert.That(after, Is.LessThan(BoundKilobytes), "VmRSS after the flood");
        AssertStillAnswers();
    }

    /// <summary>Sends the line repeatedly on one connection, draining whatever the server replies; stops if it hangs up.</summary>
    private void Flood(byte[] line, int count)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(new IPEndPoint(IPAddress.Loopback, _sandbox.Port));
        using var stopDraining = new CancellationTokenSource();
        var drain = Task.Run(async () =>
        {
            var buffer = new byte[65536];
            try
            {
                while (await socket.ReceiveAsync(buffer, SocketFlags.None, stopDraining.Token) > 0) { }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException) { }
        });
        try
        {
            for (int i = 0; i < count; i++) socket.Send(line);
        }
        catch (SocketException)
        {
            // The server may hang up on a client that sends nonsense; that is a fine answer too.
        }
        stopDraining.Cancel();
        drain.Wait(HostSandbox.Patience);
    }

    [Test]
    public async Task Slow_and_vanishing_clients_do_not_stop_a_normal_client()
    {
        const int HalfLineClients = 300;
        const int VanishingClients = 20;

        var halfLines = new List<LineClient>();
        try
        {
            for (int i = 0; i < HalfLineClients; i++)
            {
                var c = _sandbox.Connect();
                halfLines.Add(c);
                c.Send("GET VAR ups1 ups.sta");
            }

            byte[] manyLists = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("LIST VAR ups1\n", 5000)));
            var vanishers = Enumerable.Range(0, VanishingClients).Select(_ => Task.Run(() =>
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(new IPEndPoint(IPAddress.Loopback, _sandbox.Port));
                socket.Send(manyLists);
                // Linger 0: close() sends a reset while the server is still writing the replies.
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            })).ToArray();

            using (var normal = _sandbox.Connect())
            {
                for (int i = 0; i < 200; i++)
                    Assert.That(normal.Ask("GET VAR ups1 ups.status"), Is.EqualTo(StatusReply), $"request {i} of the normal client");
            }
            await Task.WhenAll(vanishers);

            // The half-line clients were only waiting: finishing their line gets them an answer.
            foreach (var c in halfLines) c.Send("tus\n");
            foreach (var c in halfLines) Assert.That(c.ReadLine(), Is.EqualTo(StatusReply));
        }
        finally
        {
            foreach (var c in halfLines) c.Dispose();
        }
        AssertStillAnswers();
    }

    [Test]
    public void Clients_that_never_read_their_replies_do_not_grow_memory_without_bound()
    {
        const long BoundKilobytes = 200 * 1024;
        const int Clients = 4;
        const long MaxRequestBytesPerClient = 16 * 1024 * 1024;
        long before = _server.ResidentKilobytes();
        byte[] requests = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("LIST VAR ups1\n", 10_000)));

        var deaf = new List<Socket>();
        try
        {
            for (int c = 0; c < Clients; c++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096, SendTimeout = 2000 };
                deaf.Add(socket);
                socket.Connect(new IPEndPoint(IPAddress.Loopback, _sandbox.Port));
                // Each request asks for a reply many times its size; whether the server stops
                // reading (send blocks) or keeps going up to the cap, its memory must stay bounded.
                try
                {
                    for (long sent = 0; sent < MaxRequestBytesPerClient; sent += requests.Length) socket.Send(requests);
                }
                catch (SocketException) { /* the server stopped reading, or hung up: both fine */ }
            }
            long during = _server.ResidentKilobytes();
            TestContext.Out.WriteLine($"VmRSS before {before} kB, with {Clients} deaf clients {during} kB");
            Assert.That(during, Is.LessThan(BoundKilobytes));
            AssertStillAnswers();
        }
        finally
        {
            foreach (var socket in deaf) socket.Dispose();
        }
        AssertStillAnswers();
    }
}
