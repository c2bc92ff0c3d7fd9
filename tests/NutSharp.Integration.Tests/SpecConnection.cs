using System.Net.Sockets;
using System.Text;

namespace NutSharp.Integration.Tests;

/// <summary>One client connection of a case: raw byte writes, LF-terminated line reads, EOF detection.</summary>
public sealed class SpecConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[65536];
    private int _start, _end;

    private SpecConnection(Socket socket) => _socket = socket;

    public static async Task<SpecConnection> OpenAsync(string host, int port, CancellationToken cancellationToken)
    {
        var address = System.Net.IPAddress.Parse(host);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(address, port, cancellationToken);
        return new SpecConnection(socket);
    }

    public async Task SendAsync(byte[] bytes, CancellationToken cancellationToken) =>
        await _socket.SendAsync(bytes, SocketFlags.None, cancellationToken);

    public void HalfClose() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>The next line without its LF, or null at EOF.</summary>
    public async Task<byte[]?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                byte[] line = _buffer[_start..newline];
                _start = newline + 1;
                return line;
            }
            if (!await FillAsync(cancellationToken)) return null;
        }
    }

    /// <summary>Bytes received but not yet consumed as a line (shown when a case fails).</summary>
    public string Unconsumed => Encoding.Latin1.GetString(_buffer, _start, _end - _start);

    /// <summary>True when the server closed the connection and sent nothing more.</summary>
    public async Task<bool> ReadEndOfStreamAsync(CancellationToken cancellationToken)
    {
        if (_end > _start) return false;
        return !await FillAsync(cancellationToken);
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) throw new InvalidOperationException("reply line longer than 64 KiB");
        int read;
        try { read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken); }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { read = 0; }
        _end += read;
        return read > 0;
    }

    public void Dispose() => _socket.Dispose();
}
