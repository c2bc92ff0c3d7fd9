using System.Buffers;
using System.Text;
using System.Text.Json;
using NutSharp.Devices;

namespace NutSharp.Http.StatusPage;

/// <summary>
/// One page's server-sent event stream: follows its own change feed and writes each change as it
/// comes (no polling: the feed wakes the stream when a driver commits). The first read of a feed
/// reports every device, so a page that connects (or reconnects, as EventSource does by itself)
/// starts from the whole state. A comment line every <see cref="KeepAlive"/> keeps proxies and
/// idle-connection timers from closing a quiet stream.
/// </summary>
public static class StatusEventStream
{
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(25);

    private static readonly byte[] KeepAliveLine = ": keep-alive\n\n"u8.ToArray();

    public static async Task RunAsync(DeviceStore store, Stream output, CancellationToken cancellationToken)
    {
        using var feed = store.Subscribe();
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        // EventSource waits this long before reconnecting after the server goes (a restart, a reload).
        await output.WriteAsync("retry: 2000\n\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<DeviceChange> changes;
            using (var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                quiet.CancelAfter(KeepAlive);
                try
                {
                    changes = await feed.ReadAsync(quiet.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await output.WriteAsync(KeepAliveLine, cancellationToken).ConfigureAwait(false);
                    await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }
            if (changes.Count == 0) return; // the store is gone: the server is stopping
            buffer.ResetWrittenCount();
            Format(buffer, changes, store.Time.GetUtcNow().ToUnixTimeMilliseconds());
            await output.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes one read's events in the text/event-stream format.</summary>
    public static void Format(IBufferWriter<byte> buffer, IReadOnlyList<DeviceChange> changes, long unixMilliseconds)
    {
        using var json = new Utf8JsonWriter(buffer);
        foreach (var (name, write) in StatusEvents.From(changes, unixMilliseconds))
        {
            buffer.Write("event: "u8);
            buffer.Write(Encoding.ASCII.GetBytes(name));
            buffer.Write("\ndata: "u8);
            json.Reset(buffer);
            write(json); // compact JSON: one line, as a data field needs
            json.Flush();
            buffer.Write("\n\n"u8);
        }
    }
}
