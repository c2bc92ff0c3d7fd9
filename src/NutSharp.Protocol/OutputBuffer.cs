using System.Buffers;
using System.Buffers.Text;

namespace NutSharp.Protocol;

/// <summary>
/// A growable byte buffer the reply writers append to; a session sends it in one write per batch
/// of pipelined requests. Rented from the shared pool and handed back when empty.
/// </summary>
public sealed class OutputBuffer
{
    private byte[]? _buffer;
    private int _count;

    public int Count => _count;

    /// <summary>The bytes this buffer holds on to (the rented array), which may exceed <see cref="Count"/>.</summary>
    public int Capacity => _buffer?.Length ?? 0;
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _count);

    public void Clear() => _count = 0;

    /// <summary>Drops the first <paramref name="n"/> bytes (after a partial send).</summary>
    public void Consume(int n)
    {
        if (n >= _count) { _count = 0; return; }
        _buffer.AsSpan(n, _count - n).CopyTo(_buffer);
        _count -= n;
    }

    public void ReleaseIfEmpty()
    {
        if (_count == 0 && _buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }

    public Span<byte> GetSpan(int size)
    {
        if (_buffer is null) _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, 512));
        else if (_buffer.Length - _count < size)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _count + size));
            _buffer.AsSpan(0, _count).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        return _buffer.AsSpan(_count);
    }

    public void Advance(int n) => _count += n;

    public OutputBuffer Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _count += bytes.Length;
        return this;
    }

    public OutputBuffer Append(byte b)
    {
        GetSpan(1)[0] = b;
        _count++;
        return this;
    }

    /// <summary>Appends an ASCII string (NUT text is ASCII by construction: the parser drops everything else).</summary>
    public OutputBuffer Append(string text)
    {
        var span = GetSpan(text.Length);
        for (int i = 0; i < text.Length; i++) span[i] = (byte)text[i];
        _count += text.Length;
        return this;
    }

    public OutputBuffer Append(long number)
    {
        Utf8Formatter.TryFormat(number, GetSpan(24), out int written);
        _count += written;
        return this;
    }

    /// <summary>Appends <c>"</c> + already-escaped bytes + <c>"</c>.</summary>
    public OutputBuffer AppendQuoted(ReadOnlySpan<byte> escaped)
    {
        var span = GetSpan(escaped.Length + 2);
        span[0] = (byte)'"';
        escaped.CopyTo(span[1..]);
        span[escaped.Length + 1] = (byte)'"';
        _count += escaped.Length + 2;
        return this;
    }

    /// <summary>
    /// Appends raw ASCII bytes escaped as pconf_encode does, at most <paramref name="maxBytes"/> of
    /// them: like pconf_encode into a fixed buffer, it stops before a character that (with its
    /// escape) no longer fits, so an escape pair is never cut. Most values need no escape and are
    /// copied at once.
    /// </summary>
    public OutputBuffer AppendEscaped(ReadOnlySpan<byte> raw, int maxBytes = int.MaxValue)
    {
        if (raw.Length > maxBytes / 2) raw = raw[..Escaping.FittingPrefix(raw, maxBytes)];
        if (!Escaping.NeedsEscape(raw)) return Append(raw);
        foreach (var c in raw)
        {
            if (c is (byte)'\\' or (byte)'"' or (byte)'#') Append((byte)'\\');
            Append(c);
        }
        return this;
    }

    public OutputBuffer AppendEscapedQuoted(string raw)
    {
        Append((byte)'"');
        foreach (var c in raw)
        {
            if (c is '\\' or '"' or '#') Append((byte)'\\');
            Append((byte)c);
        }
        return Append((byte)'"');
    }

    public OutputBuffer NewLine() => Append((byte)'\n');

    public OutputBuffer Error(NutError error) => Append(NutErrors.Line(error));
}
