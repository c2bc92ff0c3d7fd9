using System.Runtime.Versioning;
using NutSharp.Drivers.Interop;

namespace NutSharp.Testing;

/// <summary>
/// A Teleinfo meter on a pseudo-terminal: the test holds the controlling side and writes a
/// fixture's frames into it at the line's pace (1200 or 9600 baud: about 120 or 960 bytes a
/// second), over and over, as a meter sends; the code under test opens <see cref="DevicePath"/> as
/// its serial port. The terminal side is left in the kernel's default (cooked) settings, as a
/// freshly plugged adapter is: the reader must set raw mode itself.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class TeleinfoLine : IDisposable
{
    private readonly PseudoTerminal _pty = PseudoTerminal.Open();
    private readonly Lock _lock = new();
    private CancellationTokenSource? _writing;
    private Thread? _writer;

    public string DevicePath => _pty.DevicePath;

    /// <summary>Starts sending <paramref name="frames"/> again and again at <paramref name="baud"/> (10 bits a byte on the wire).</summary>
    public void StartSending(byte[] frames, int baud)
    {
        StopSending();
        var stop = new CancellationTokenSource();
        int chunk = Math.Max(1, baud / 10 / 20);   // one chunk every 50 ms
        var writer = new Thread(() =>
        {
            int offset = 0;
            while (!stop.IsCancellationRequested)
            {
                int n = Math.Min(chunk, frames.Length - offset);
                lock (_lock)
                {
                    if (stop.IsCancellationRequested) break;
                    try
                    {
                        _pty.Write(frames.AsSpan(offset, n));
                    }
                    catch (IOException)
                    {
                        break;
                    }
                }
                offset = (offset + n) % frames.Length;
                stop.Token.WaitHandle.WaitOne(50);
            }
        }) { IsBackground = true, Name = "teleinfo line" };
        _writing = stop;
        _writer = writer;
        writer.Start();
    }

    /// <summary>The meter falls silent (the line stays open).</summary>
    public void StopSending()
    {
        _writing?.Cancel();
        _writer?.Join();
        _writing?.Dispose();
        _writing = null;
        _writer = null;
    }

    /// <summary>Stops sending and closes the controlling side: the terminal hangs up, as when the adapter is unplugged.</summary>
    public void Dispose()
    {
        StopSending();
        lock (_lock) _pty.Dispose();
    }
}
