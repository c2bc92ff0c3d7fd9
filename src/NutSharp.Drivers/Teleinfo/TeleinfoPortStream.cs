using System.IO.Ports;

namespace NutSharp.Drivers.Teleinfo;

/// <summary>
/// The bytes of an open <see cref="SerialPort"/>, read-only, for a PipeReader. It owns the port.
/// When the line hangs up (adapter unplugged, pseudo-terminal closed) System.IO.Ports fails the
/// pending read with "The port is closed" (an ObjectDisposedException; BytesToRead then reads -1);
/// that becomes an <see cref="IOException"/> that says so, which the driver kit reports as a device
/// fault and recovers from by reopening.
/// </summary>
/// <remarks>Nothing is ever written: after a hang-up a write can make System.IO.Ports' Close() hang for good.</remarks>
public sealed class TeleinfoPortStream(SerialPort port) : Stream
{
    public SerialPort Port => port;

    /// <summary>Raised once when the stream is disposed (the driver ties per-connection timers to it).</summary>
    public event Action? Closed;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await port.BaseStream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            throw HungUp(e);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        try
        {
            return port.BaseStream.Read(buffer, offset, count);
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException)
        {
            throw HungUp(e);
        }
    }

    private IOException HungUp(Exception e) => new($"{port.PortName}: the line hung up (adapter unplugged?)", e);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("a Teleinfo meter is never written to");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                port.Close();
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                // The adapter is gone already; nothing more to release.
            }
            port.Dispose();
            Closed?.Invoke();
            Closed = null;
        }
        base.Dispose(disposing);
    }
}
