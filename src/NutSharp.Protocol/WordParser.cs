using System.Buffers;
using System.Text;

namespace NutSharp.Protocol;

/// <summary>What feeding one byte to a <see cref="WordParser"/> produced.</summary>
public enum WordParserEvent : byte
{
    /// <summary>Nothing yet: the line goes on.</summary>
    None,
    /// <summary>A line has ended; its words are readable until the next <c>Feed</c> call.</summary>
    Line,
    /// <summary>A <c>#</c> inside quotes: the line so far is thrown away (NUT's parse error).</summary>
    Error,
}

/// <summary>
/// NUT's word grammar (parseconf's <c>pconf_char</c> state machine), shared by the wire, the
/// driver sockets and every config file. Resumable: bytes can arrive one read at a time, and a
/// quoted word or a backslash-continued line may span reads. Only LF ends a line; CR, TAB, VT and
/// FF separate words; <c>=</c> is a word of its own outside quotes; <c>#</c> starts a comment;
/// bytes outside 0x20..0x7F are dropped but still start a word; at most 32 words of at most 512
/// characters are kept.
/// </summary>
/// <remarks>
/// The word buffer is rented only while a line is in progress and handed back by
/// <see cref="ReleaseIfIdle"/>, so thousands of idle connections hold no buffer at all.
/// </remarks>
public sealed class WordParser
{
    public const int MaxWords = 32;
    public const int MaxWordLength = 512;

    private enum State : byte { FindWordStart, Collect, QuoteCollect, CollectLiteral, QuoteLiteral, FindEol }

    private State _state;
    private byte[]? _buffer;
    private int _length;
    private int _wordCount;
    private bool _wordOpen;
    private bool _droppedWord; // a word past MaxWords is being read and will be thrown away
    private bool _lineDone;    // the words of a finished line are still readable until the next byte
    private int _currentStart;
    private readonly int[] _starts = new int[MaxWords];
    private readonly int[] _lengths = new int[MaxWords];

    /// <summary>Number of words in the line just completed.</summary>
    public int Count => _wordCount;

    public ReadOnlySpan<byte> this[int index] =>
        (uint)index < (uint)_wordCount ? _buffer.AsSpan(_starts[index], _lengths[index]) : default;

    public string WordString(int index) => Encoding.ASCII.GetString(this[index]);

    public string[] ToStrings()
    {
        var result = new string[_wordCount];
        for (int i = 0; i < result.Length; i++) result[i] = WordString(i);
        return result;
    }

    /// <summary>Forgets the current line (done by itself on the next byte after a line ended).</summary>
    public void StartNextLine()
    {
        _wordCount = 0;
        _length = 0;
        _wordOpen = false;
        _droppedWord = false;
        _lineDone = false;
        _state = State.FindWordStart;
    }

    /// <summary>Returns the word buffer to the pool when no line is in progress.</summary>
    public void ReleaseIfIdle()
    {
        if (_lineDone) StartNextLine();
        if (_buffer is not null && _state == State.FindWordStart && _wordCount == 0 && !_wordOpen)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
            _length = 0;
        }
    }

    /// <summary>
    /// Feeds bytes until a line ends or an error occurs. Returns the event and how many bytes
    /// were consumed (including the byte that ended the line).
    /// </summary>
    public WordParserEvent Feed(ReadOnlySpan<byte> input, out int consumed)
    {
        for (int i = 0; i < input.Length; i++)
        {
            var ev = Feed(input[i]);
            if (ev != WordParserEvent.None)
            {
                consumed = i + 1;
                return ev;
            }
        }
        consumed = input.Length;
        return WordParserEvent.None;
    }

    /// <summary>Feeds one byte.</summary>
    public WordParserEvent Feed(byte c)
    {
        if (_lineDone) StartNextLine();
        switch (_state)
        {
            case State.FindWordStart:
                switch (c)
                {
                    case (byte)'\n': return EndLine();
                    case (byte)'#': _state = State.FindEol; return WordParserEvent.None;
                    case (byte)' ' or (byte)'\t' or (byte)'\r' or 0x0B or 0x0C: return WordParserEvent.None;
                    case (byte)'\\': BeginWord(); _state = State.CollectLiteral; return WordParserEvent.None;
                    case (byte)'"': BeginWord(); _state = State.QuoteCollect; return WordParserEvent.None;
                    case (byte)'=': BeginWord(); Append(c); EndWord(); return WordParserEvent.None;
                    default: BeginWord(); Append(c); _state = State.Collect; return WordParserEvent.None;
                }
            case State.Collect:
                switch (c)
                {
                    case (byte)'#': EndWord(); _state = State.FindEol; return WordParserEvent.None;
                    case (byte)'\n': EndWord(); return EndLine();
                    case (byte)' ' or (byte)'\t' or (byte)'\r' or 0x0B or 0x0C: EndWord(); _state = State.FindWordStart; return WordParserEvent.None;
                    case (byte)'=': EndWord(); BeginWord(); Append(c); EndWord(); _state = State.FindWordStart; return WordParserEvent.None;
                    case (byte)'\\': _state = State.CollectLiteral; return WordParserEvent.None;
                    default: Append(c); return WordParserEvent.None;
                }
            case State.CollectLiteral:
                // A backslash before LF continues the line: the newline is swallowed.
                if (c != (byte)'\n') Append(c);
                _state = State.Collect;
                return WordParserEvent.None;
            case State.QuoteCollect:
                switch (c)
                {
                    case (byte)'"': EndWord(); _state = State.FindWordStart; return WordParserEvent.None;
                    case (byte)'\\': _state = State.QuoteLiteral; return WordParserEvent.None;
                    case (byte)'#':
                        StartNextLine();
                        return WordParserEvent.Error;
                    default: Append(c); return WordParserEvent.None; // LF is < 0x20: dropped, the quote goes on
                }
            case State.QuoteLiteral:
                Append(c);
                _state = State.QuoteCollect;
                return WordParserEvent.None;
            case State.FindEol:
                if (c == (byte)'\n') return EndLine();
                return WordParserEvent.None;
        }
        return WordParserEvent.None;
    }

    /// <summary>
    /// End of input (config files): a last line without a newline still counts.
    /// Returns true when that produced a line.
    /// </summary>
    public bool Finish()
    {
        if (_lineDone) StartNextLine();
        if (_state is State.Collect or State.CollectLiteral or State.QuoteCollect or State.QuoteLiteral) EndWord();
        _state = State.FindWordStart;
        return _wordCount > 0;
    }

    private WordParserEvent EndLine()
    {
        _state = State.FindWordStart;
        _lineDone = true;
        return WordParserEvent.Line;
    }

    private void BeginWord()
    {
        if (_wordCount >= MaxWords)
        {
            _droppedWord = true;
            _wordOpen = true;
            return;
        }
        _buffer ??= ArrayPool<byte>.Shared.Rent(256);
        _currentStart = _length;
        _wordOpen = true;
        _droppedWord = false;
    }

    private void Append(byte c)
    {
        if (c < 0x20 || c > 0x7F || _droppedWord) return; // CVE-2012-2944: only printable ASCII (and DEL) is kept
        if (_length - _currentStart >= MaxWordLength) return;
        if (_length == _buffer!.Length) Grow();
        _buffer[_length++] = c;
    }

    private void Grow()
    {
        var bigger = ArrayPool<byte>.Shared.Rent(_buffer!.Length * 2);
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    private void EndWord()
    {
        if (!_wordOpen) return;
        _wordOpen = false;
        if (_droppedWord) { _droppedWord = false; return; }
        _starts[_wordCount] = _currentStart;
        _lengths[_wordCount] = _length - _currentStart;
        _wordCount++;
    }
}
