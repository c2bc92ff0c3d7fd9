using NutSharp.Devices;
using NutSharp.Protocol;

namespace NutSharp.Drivers.Socket;

/// <summary>
/// Applies one line a NUT driver sent on its socket to a device's batch, as upsd 2.8.0's
/// sstate does: message names are case-insensitive, a line with too few arguments is ignored,
/// and so is every line upsd does not know (<c>PID</c>, <c>OK Goodbye</c>, garbage). Only
/// recognised lines refresh the staleness timer, which the <see cref="DeviceUpdate"/> methods do.
/// </summary>
internal sealed class DriverMessageApplier(TrackingRegistry tracking)
{
    /// <summary>The driver has finished its dump (DUMPDONE) on this connection.</summary>
    public bool DumpDone { get; private set; }

    /// <summary>The driver's last word on its data was DATAOK (or it has said nothing yet).</summary>
    public bool DataOk { get; private set; } = true;

    /// <summary>
    /// True while upsd would call the device stale on the driver's own word (DATASTALE after
    /// DUMPDONE). upsd decides that before it considers pinging, so it sends no PING then.
    /// </summary>
    public bool StaleByDriver => DumpDone && !DataOk;

    /// <summary>Applies the words of one line. Returns whether the line was recognised.</summary>
    public bool Apply(DeviceUpdate device, WordParser words)
    {
        int count = words.Count;
        if (count < 1) return false;
        var command = words[0];

        if (Is(command, "PONG"u8)) { device.Heard(); return true; }
        if (Is(command, "DUMPDONE"u8)) { DumpDone = true; device.DumpDone(); return true; }
        if (Is(command, "DATASTALE"u8)) { DataOk = false; device.DataStale(); return true; }
        if (Is(command, "DATAOK"u8)) { DataOk = true; device.DataOk(); return true; }

        if (count < 2) return false;
        string name = words.WordString(1);
        if (Is(command, "DELINFO"u8)) { device.DelInfo(name); return true; }
        if (Is(command, "ADDCMD"u8)) { device.AddCommand(name); return true; }
        if (Is(command, "DELCMD"u8)) { device.DelCommand(name); return true; }

        if (count < 3) return false;
        if (Is(command, "SETINFO"u8)) { device.SetInfo(name, words.WordString(2)); return true; }
        if (Is(command, "SETFLAGS"u8)) { device.SetFlags(name, ParseFlags(words)); return true; }
        if (Is(command, "SETAUX"u8)) { device.SetAux(name, CNumber.StrToLongClamped(words[2])); return true; }
        if (Is(command, "ADDENUM"u8)) { device.AddEnum(name, words.WordString(2)); return true; }
        if (Is(command, "DELENUM"u8)) { device.DelEnum(name, words.WordString(2)); return true; }
        if (Is(command, "TRACKING"u8)) { device.Heard(); tracking.Complete(name, CNumber.Atoi(words[2])); return true; }

        if (count < 4) return false;
        if (Is(command, "ADDRANGE"u8)) { device.AddRange(name, CNumber.Atoi(words[2]), CNumber.Atoi(words[3])); return true; }
        if (Is(command, "DELRANGE"u8)) { device.DelRange(name, CNumber.Atoi(words[2]), CNumber.Atoi(words[3])); return true; }

        return false;
    }

    /// <summary>
    /// upsd's state_setflags: the flags are replaced by the recognised words (RW, STRING, NUMBER,
    /// any case); other words are skipped, so a line made only of unknown words clears the flags.
    /// </summary>
    private static VariableFlags ParseFlags(WordParser words)
    {
        var flags = VariableFlags.None;
        for (int i = 2; i < words.Count; i++)
        {
            var word = words[i];
            if (Is(word, "RW"u8)) flags |= VariableFlags.ReadWrite;
            else if (Is(word, "STRING"u8)) flags |= VariableFlags.String;
            else if (Is(word, "NUMBER"u8)) flags |= VariableFlags.Number;
        }
        return flags;
    }

    /// <summary>strcasecmp equality for ASCII words.</summary>
    private static bool Is(ReadOnlySpan<byte> word, ReadOnlySpan<byte> upperCaseName)
    {
        if (word.Length != upperCaseName.Length) return false;
        for (int i = 0; i < word.Length; i++)
        {
            byte c = word[i];
            if (c is >= (byte)'a' and <= (byte)'z') c -= 0x20;
            if (c != upperCaseName[i]) return false;
        }
        return true;
    }
}
