using NutSharp.Devices;
using NutSharp.Protocol;

namespace NutSharp.Server.Commands;

/// <summary>
/// upsd's checks of a SET VAR value against what the driver said of the variable (netset.c), shared
/// by every front-end that writes (NUT sessions, HTTP), so both refuse exactly the same values.
/// </summary>
public static class WriteRules
{
    /// <summary>The error upsd answers for setting <paramref name="value"/>, or null when it may go to the driver.</summary>
    public static NutError? CheckSetValue(DeviceVariable variable, string value)
    {
        if (!variable.IsWritable) return NutError.Readonly;
        if (variable.IsString)
        {
            if (variable.Aux < 1) return NutError.SetFailed;
            if (value.Length > variable.Aux) return NutError.TooLong;
        }
        // upsd compares the decoded client value with the stored (escaped) ENUM entries, case-sensitively.
        if (!variable.Enums.IsEmpty && !variable.Enums.Contains(value, StringComparer.Ordinal)) return NutError.InvalidValue;
        if (!variable.Ranges.IsEmpty)
        {
            int number = CNumber.Atoi(value);
            bool inside = false;
            foreach (var r in variable.Ranges) if (number >= r.Min && number <= r.Max) { inside = true; break; }
            if (!inside) return NutError.InvalidValue;
        }
        return null;
    }
}
