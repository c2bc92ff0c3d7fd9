using NutSharp.Testing;
using System.Buffers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using NutSharp.Devices;
using NutSharp.Drivers;

namespace NutSharp.Tests.Drivers;

/// <summary>
/// The streamed-driver base over a real Unix socket: frames published one batch each, a hang-up
/// logged once and the stream reopened, silence logged once.
/// </summary>
public class StreamedDriverTests
{
    /// <summary>A device that sends "name value" lines; the test is the device, listening on a socket.</summary>
    private sealed class LineDriver(DriverContext context, string path) : StreamedDriver(context)
    {
        public override string Name => "lines";

        public override string InternalVersion => "1.0";

        protected override TimeSpan SilenceTimeout => TimeSpan.FromSeconds(5);

        protected override async ValueTask<Stream> OpenAsync(CancellationToken cancellationToken)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                throw new DriverFaultException("cannot reach the device: " + e.SocketErrorCode);
            }
        }

        protected override SequencePosition Consume(ReadOnlySequence<byte> buffer)
        {
            var reader = new SequenceReader<byte>(buffer);
            while (reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
            {
                var words = Encoding.ASCII.GetString(line).Split(' ', 2);
                using var update = BeginUpdate();
                update.SetInfo(words[0], words[1]);
            }
            return reader.Position;
        }
    }

    private sealed class Harness : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

        public Harness()
        {
            Path = System.IO.Path.Combine("/tmp", "nsk-" + Guid.NewGuid().ToString("N")[..12]);
            _listener.Bind(new UnixDomainSocketEndPoint(Path));
            _listener.Listen(4);
            Driver = new LineDriver(Bench.Context, Path);
            Run = Task.Run(() => Driver.RunAsync(_stop.Token));
        }

        public string Path { get; }
        public DriverBench Bench { get; } = new();
        public LineDriver Driver { get; }
        public Task Run { get; }
        public Socket? Device { get; private set; }

        public void Accept()
        {
            var accept = _listener.AcceptAsync();
            if (!accept.Wait(TimeSpan.FromMilliseconds(50))) Bench.AdvanceUntil(() => accept.IsCompleted, "the driver to connect", TimeSpan.FromMilliseconds(250));
            Device = accept.Result;
        }

        public void Send(string text) => Device!.Send(Encoding.ASCII.GetBytes(text));

        public string? Value(string name) => Bench.Device.Current[name];

        public void Dispose()
        {
            _stop.Cancel();
            try { Run.Wait(TimeSpan.FromSeconds(10)); } catch (AggregateException) { }
            Device?.Dispose();
            _listener.Dispose();
            File.Delete(Path);
            Bench.Dispose();
        }
    }

    [Test]
    public void Each_frame_is_one_batch_and_the_first_one_brings_the_link_up()
    {
        using var h = new Harness();
        h.Accept();
        Wait.Still(() => h.Bench.Availability == Availability.NotConnected, "no frame yet: not connected");
        h.Send("ups.status OL\n");
        Wait.Until(() => h.Value("ups.status") == "OL", "the first frame");
        Assert.That(h.Bench.Availability, Is.EqualTo(Availability.Available));
        Assert.That(h.Value("driver.name"), Is.EqualTo("lines"));

        h.Send("battery.charge 9");
        Wait.Still(() => h.Value("battery.charge") is null, "half a frame is not published");
        h.Send("0\n");
        Wait.Until(() => h.Value("battery.charge") == "90", "the completed frame");
    }

    [Test]
    public void A_hang_up_is_logged_once_shows_stale_keeps_the_data_and_the_stream_is_reopened()
    {
        using var h = new Harness();
        h.Accept();
        h.Send("ups.status OL\n");
        Wait.Until(() => h.Value("ups.status") == "OL", "the first frame");

        h.Device!.Close();
        Wait.Until(() => h.Bench.Availability == Availability.Stale, "DATA-STALE after the hang-up");
        Assert.That(h.Value("ups.status"), Is.EqualTo("OL"), "the data stays");
        Assert.That(h.Bench.Log.AtLeast(LogLevel.Warning), Is.EqualTo(new[] { "lines [ups]: the device closed the connection" }));

        h.Accept(); // after the retry delay on the driver's clock
        h.Send("ups.status OB\n");
        Wait.Until(() => h.Value("ups.status") == "OB" && h.Bench.Availability == Availability.Available, "data from the reopened stream");
        Assert.That(h.Bench.Log.AtLeast(LogLevel.Warning), Has.Count.EqualTo(1));
        Assert.That(h.Bench.Log.Lines.Count(l => l.Text.Contains("recovered", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public void Silence_is_logged_once_when_it_starts_and_once_when_data_returns()
    {
        using var h = new Harness();
        h.Accept();
        h.Send("ups.status OL\n");
        Wait.Until(() => h.Value("ups.status") == "OL", "the first frame");

        h.Bench.Time.Advance(TimeSpan.FromSeconds(5));
        Wait.Until(() => h.Bench.Log.AtLeast(LogLevel.Warning).Count == 1, "the silence to be reported");
        Assert.That(h.Bench.Log.AtLeast(LogLevel.Warning)[0], Is.EqualTo("lines [ups]: no data for 5 s"));
        h.Bench.Time.Advance(TimeSpan.FromSeconds(60));
        Wait.Still(() => h.Bench.Log.AtLeast(LogLevel.Warning).Count == 1, "one line for the whole silence");

        h.Send("ups.status OB\n");
        Wait.Until(() => h.Bench.Log.Lines.Any(l => l.Text.Contains("recovered", StringComparison.Ordinal)), "the end of the silence");
    }
}
