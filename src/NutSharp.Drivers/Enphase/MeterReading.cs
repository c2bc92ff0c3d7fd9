namespace NutSharp.Drivers.Enphase;

/// <summary>
/// One meter reading as the script keeps it: the number texts of currW, apprntPwr, rmsVoltage,
/// pwrFactor and freqHz (null for null or missing). Two readings are the same when every text is,
/// which is how the script decides that the port file needs no rewrite.
/// </summary>
public sealed record MeterReading(string? RealPower, string? Power, string? Voltage, string? PowerFactor, string? Frequency)
{
    public static MeterReading From(MeterReadingPayload? payload) => new(
        JsonValues.Number(payload?.CurrW),
        JsonValues.Number(payload?.ApprntPwr),
        JsonValues.Number(payload?.RmsVoltage),
        JsonValues.Number(payload?.PwrFactor),
        JsonValues.Number(payload?.FreqHz));
}
