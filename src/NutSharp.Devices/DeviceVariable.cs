using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;
using NutSharp.Protocol;

namespace NutSharp.Devices;

/// <summary>What a driver says about a variable (upsd's SETFLAGS words).</summary>
[Flags]
public enum VariableFlags : byte
{
    None = 0,
    ReadWrite = 1,
    String = 2,
    Number = 4,
}

/// <summary>A (min, max) pair of a RANGE list.</summary>
public readonly record struct ValueRange(int Min, int Max);

/// <summary>
/// One variable of a device as it stood at one committed batch: value, flags, STRING length,
/// ENUM and RANGE lists. Immutable: a change makes a new one, so readers holding a
/// <see cref="DeviceSnapshot"/> never see it move.
/// </summary>
public sealed class DeviceVariable
{
    private readonly byte[] _nameBytes;
    private readonly byte[] _valueBytes;
    private readonly string[] _enums;
    private readonly ValueRange[] _ranges;

    private DeviceVariable(string name, byte[] nameBytes, string value, byte[] valueBytes, VariableFlags flags, int aux, string[] enums, ValueRange[] ranges)
    {
        Name = name;
        _nameBytes = nameBytes;
        Value = value;
        _valueBytes = valueBytes;
        HasEscapableCharacters = Escaping.NeedsEscape(valueBytes);
        Flags = flags;
        Aux = aux;
        _enums = enums;
        _ranges = ranges;
    }

    /// <summary>A new variable with a value and nothing else (no flags: NUMBER, not writable).</summary>
    internal static DeviceVariable Create(string name, string value) =>
        new(name, Encoding.ASCII.GetBytes(name), value, Encoding.ASCII.GetBytes(value), VariableFlags.None, 0, [], []);

    /// <summary>The driver's spelling (LIST VAR shows it).</summary>
    public string Name { get; }

    /// <summary><see cref="Name"/> as ASCII bytes, for front-ends that write bytes.</summary>
    public ReadOnlySpan<byte> NameBytes => _nameBytes;

    /// <summary>The raw value, as the driver meant it (ASCII: control and non-ASCII bytes are dropped on the way in).</summary>
    public string Value { get; }

    /// <summary><see cref="Value"/> as ASCII bytes, for front-ends that write bytes.</summary>
    public ReadOnlySpan<byte> ValueBytes => _valueBytes;

    /// <summary>
    /// The value holds a backslash, a quote or '#', which NUT escapes inside quotes. Found once here,
    /// so front-ends that write the value often (every LIST VAR) copy plain values without looking.
    /// </summary>
    public bool HasEscapableCharacters { get; }

    public VariableFlags Flags { get; }

    /// <summary>Maximum length of a STRING variable (upsd's aux).</summary>
    public int Aux { get; }

    public bool IsWritable => (Flags & VariableFlags.ReadWrite) != 0;

    /// <summary>STRING when the driver said so; NUMBER otherwise (upsd's GET TYPE rule).</summary>
    public bool IsString => (Flags & VariableFlags.String) != 0;

    /// <summary>
    /// ENUM values, in the order the driver added them, stored escaped as upsd stores them (its
    /// quirk: SET VAR compares the client's text with this form).
    /// </summary>
    public ImmutableArray<string> Enums => ImmutableCollectionsMarshal.AsImmutableArray(_enums);

    /// <summary>RANGE pairs, in the order the driver added them.</summary>
    public ImmutableArray<ValueRange> Ranges => ImmutableCollectionsMarshal.AsImmutableArray(_ranges);

    internal DeviceVariable WithValue(string value) => new(Name, _nameBytes, value, Encoding.ASCII.GetBytes(value), Flags, Aux, _enums, _ranges);

    internal DeviceVariable WithFlags(VariableFlags flags) => new(Name, _nameBytes, Value, _valueBytes, flags, Aux, _enums, _ranges);

    internal DeviceVariable WithAux(int aux) => new(Name, _nameBytes, Value, _valueBytes, Flags, aux, _enums, _ranges);

    internal DeviceVariable WithEnums(string[] enums) => new(Name, _nameBytes, Value, _valueBytes, Flags, Aux, enums, _ranges);

    internal DeviceVariable WithRanges(ValueRange[] ranges) => new(Name, _nameBytes, Value, _valueBytes, Flags, Aux, _enums, ranges);
}
