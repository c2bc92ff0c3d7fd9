using System.Text;

namespace NutSharp.Drivers.TrippLite;

/// <summary>The NUT texts of a set of status flags, composed as usbhid-ups 2.8.0 does.</summary>
public static class UpsStatusText
{
    /// <summary>
    /// ups.status: ups_status_set() of usbhid-ups.c, then status_commit() of dstate.c, which puts
    /// <c>ALARM</c> in front whenever ups.alarm is set. OL with Discharging reads OL (or OB with
    /// the <c>onlinedischarge</c> flag).
    /// </summary>
    public static string Status(StatusBits bits, bool onlineDischarge = false)
    {
        var tokens = new List<string>();
        if (Alarm(bits) is not null) tokens.Add("ALARM");
        if (!bits.HasFlag(StatusBits.Online)) tokens.Add("OB");
        else if (bits.HasFlag(StatusBits.Discharging) && onlineDischarge) tokens.Add("OB");
        else tokens.Add("OL");
        if (bits.HasFlag(StatusBits.Discharging) && !bits.HasFlag(StatusBits.Depleted)) tokens.Add("DISCHRG");
        if (bits.HasFlag(StatusBits.Charging) && !bits.HasFlag(StatusBits.FullyCharged)) tokens.Add("CHRG");
        if ((bits & (StatusBits.LowBattery | StatusBits.ShutdownImminent)) != 0) tokens.Add("LB");
        if (bits.HasFlag(StatusBits.Overload)) tokens.Add("OVER");
        if (bits.HasFlag(StatusBits.ReplaceBattery)) tokens.Add("RB");
        if (bits.HasFlag(StatusBits.Trim)) tokens.Add("TRIM");
        if (bits.HasFlag(StatusBits.Boost)) tokens.Add("BOOST");
        return string.Join(' ', tokens);
    }

    /// <summary>ups.alarm (ups_alarm_set() of usbhid-ups.c: the sentences joined by spaces); null when there is none.</summary>
    public static string? Alarm(StatusBits bits)
    {
        var text = new StringBuilder();
        void Add(StatusBits bit, string sentence)
        {
            if (!bits.HasFlag(bit)) return;
            if (text.Length > 0) text.Append(' ');
            text.Append(sentence);
        }
        Add(StatusBits.ReplaceBattery, "Replace battery!");
        Add(StatusBits.ShutdownImminent, "Shutdown imminent!");
        Add(StatusBits.Overheat, "Temperature too high!");
        Add(StatusBits.CommFault, "Internal UPS fault!");
        Add(StatusBits.AwaitingPower, "Awaiting power!");
        return text.Length > 0 ? text.ToString() : null;
    }
}
