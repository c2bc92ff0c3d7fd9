using System.Text;
using NutSharp.Protocol;

namespace NutSharp.Devices;

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

/// <summary>One variable of a device: value, flags, STRING length, ENUM and RANGE lists.</summary>
public sealed class Variable
{
    internal Variable(string name) => Name = name;

    /// <summary>The driver's spelling (LIST VAR shows it).</summary>
    public string Name { get; }

    /// <summary>The raw value, as the driver meant it.</summary>
    public string Value { get; private set; } = "";

    /// <summary>The value escaped for the wire (pconf_encode), ready to go between quotes.</summary>
    public byte[] EncodedValue { get; private set; } = [];

    public VariableFlags Flags { get; internal set; }

    /// <summary>Maximum length of a STRING variable (upsd's aux).</summary>
    public int Aux { get; internal set; }

    /// <summary>ENUM values, stored escaped (upsd's quirk: SET compares the client's text with this form).</summary>
    public List<string> Enums { get; } = [];

    public List<ValueRange> Ranges { get; } = [];

    internal void SetValue(string raw)
    {
        Value = raw;
        EncodedValue = Escaping.Encode(Encoding.ASCII.GetBytes(raw));
    }
}
