using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.ExceptionServices;

namespace NutSharp.Drivers;

/// <summary>
/// A driver that parses what its device sends on its own (a serial meter, a socket): open the
/// stream, read it through a <see cref="PipeReader"/>, hand the buffered bytes to
/// <see cref="Consume"/>, which publishes each complete frame as one batch. When the stream fails
/// or ends, the fault is logged once, the device shows stale (DATA-STALE; not connected before the
/// first frame), and the kit reopens it after a growing delay. A device that stays silent goes
/// stale by itself after MAXAGE, as upsd shows a silent driver; the silence is logged once when it
/// starts and once when data comes back.
/// </summary>
/// <remarks>
/// The stream's reads must end when the stream is disposed or the token is cancelled (sockets,
/// <c>SerialPort.BaseStream</c>), so the driver can be stopped. SET and INSTCMD are served between
/// reads by default handlers that know nothing; a driver that takes requests overrides them and
/// must expect them on another thread than <see cref="Consume"/>'s.
/// </remarks>
public abstract class StreamedDriver(DriverContext context) : DeviceDriver(context)
{
    private FaultLog? _faults;
    private FaultLog? _silence;

    /// <summary>Opens the device's stream; throws a <see cref="DriverFaultException"/> or an I/O exception when it cannot.</summary>
    protected abstract ValueTask<Stream> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Parses the complete frames at the start of <paramref name="buffer"/>, publishing each with
    /// <see cref="DeviceDriver.BeginUpdate"/>, and returns where the unused rest begins (garbage
    /// may be skipped: return a later position). Called again when more bytes arrive.
    /// </summary>
    protected abstract SequencePosition Consume(ReadOnlySequence<byte> buffer);

    /// <summary>No byte for this long is logged as a fault (the device's data is stale by then through MAXAGE anyway).</summary>
    protected virtual TimeSpan SilenceTimeout => TimeSpan.FromSeconds(Device.MaxAgeSeconds);

    /// <summary>Bytes kept while looking for the end of a frame; beyond this the buffer is dropped (garbage, or the wrong speed).</summary>
    protected virtual int MaxUnparsedBytes => 64 * 1024;

    protected virtual RetryDelays Retry => RetryDelays.Default;

    private FaultLog Faults => _faults ??= new FaultLog(Log, Subject, Time);

    private FaultLog Silence => _silence ??= new FaultLog(Log, Subject, Time);

    public sealed override async Task RunAsync(CancellationToken cancellationToken)
    {
        // Requests are served beside the reads; a request handler that crashes stops the driver like a crash in the read loop.
        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var requests = ServeRequestsAsync(running.Token);
        _ = requests.ContinueWith(_ => running.Cancel(), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        cancellationToken = running.Token;
        int failures = 0;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    var stream = await OpenAsync(cancellationToken).ConfigureAwait(false);
                    await using (stream.ConfigureAwait(false))
                    {
                        Faults.Cleared();
                        failures = 0;
                        StartAfresh();
                        await ReadAsync(stream, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (IsDeviceFault(e) && !cancellationToken.IsCancellationRequested)
                {
                    failures++;
                    Faults.Fault(Describe(e));
                    ShowFault(notConnected: !HasPublished);
                }
                await Task.Delay(Retry.After(Math.Max(1, failures)), Time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await running.CancelAsync().ConfigureAwait(false);
            await requests.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            FailPendingRequests();
            ShowFault(notConnected: true);
            if (requests.Exception?.InnerException is { } crash) ExceptionDispatchInfo.Throw(crash);
        }
    }

    private async Task ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        using var silenceTimer = Time.CreateTimer(_ => Silence.Fault($"no data for {SilenceTimeout.TotalSeconds:0.#} s"),
            null, SilenceTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    silenceTimer.Change(SilenceTimeout, Timeout.InfiniteTimeSpan);
                    Silence.Cleared();
                }
                var used = Consume(buffer);
                if (buffer.Slice(used).Length > MaxUnparsedBytes) used = buffer.End;
                reader.AdvanceTo(used, buffer.End);
                if (result.IsCompleted) throw new DriverFaultException("the device closed the connection");
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async Task ServeRequestsAsync(CancellationToken cancellationToken)
    {
        while (await Requests.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            await ServePendingRequestsAsync(cancellationToken).ConfigureAwait(false);
    }
}
