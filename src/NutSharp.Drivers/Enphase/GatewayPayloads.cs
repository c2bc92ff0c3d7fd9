using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NutSharp.Drivers.Enphase;

// The parts of the IQ Gateway and Enlighten answers the monitor reads. Leaf values are kept as
// JsonElement: the gateway's firmware versions disagree on number-or-string, and the script reads
// whatever jq prints (see JsonValues).

/// <summary><c>GET /ivp/ensemble/relay</c>.</summary>
public sealed class RelayPayload
{
    [JsonPropertyName("mains_oper_state")] public JsonElement? MainsOperState { get; set; }
}

/// <summary><c>GET /ivp/livedata/status</c>.</summary>
public sealed class LiveDataPayload
{
    [JsonPropertyName("meters")] public LiveMeters? Meters { get; set; }
}

public sealed class LiveMeters
{
    [JsonPropertyName("soc")] public JsonElement? Soc { get; set; }
    [JsonPropertyName("phase_count")] public JsonElement? PhaseCount { get; set; }
    [JsonPropertyName("enc_agg_energy")] public JsonElement? EncAggEnergy { get; set; }
}

/// <summary><c>GET /ivp/ensemble/secctrl</c>.</summary>
public sealed class SecCtrlPayload
{
    [JsonPropertyName("soc_recovery_exit")] public JsonElement? SocRecoveryExit { get; set; }
}

/// <summary>One entry of <c>GET /ivp/meters/reports</c>.</summary>
public sealed class MeterReportPayload
{
    [JsonPropertyName("reportType")] public string? ReportType { get; set; }
    [JsonPropertyName("cumulative")] public MeterReadingPayload? Cumulative { get; set; }
    [JsonPropertyName("lines")] public List<MeterReadingPayload?>? Lines { get; set; }
}

public sealed class MeterReadingPayload
{
    [JsonPropertyName("currW")] public JsonElement? CurrW { get; set; }
    [JsonPropertyName("apprntPwr")] public JsonElement? ApprntPwr { get; set; }
    [JsonPropertyName("rmsVoltage")] public JsonElement? RmsVoltage { get; set; }
    [JsonPropertyName("pwrFactor")] public JsonElement? PwrFactor { get; set; }
    [JsonPropertyName("freqHz")] public JsonElement? FreqHz { get; set; }
}

/// <summary><c>POST login.json</c> (Enlighten).</summary>
public sealed class LoginPayload
{
    [JsonPropertyName("session_id")] public JsonElement? SessionId { get; set; }
}

/// <summary>The JWT's claims; only the expiry is checked, as the script does.</summary>
public sealed class TokenClaims
{
    [JsonPropertyName("exp")] public JsonElement? Exp { get; set; }
}

[JsonSourceGenerationOptions(ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(RelayPayload))]
[JsonSerializable(typeof(LiveDataPayload))]
[JsonSerializable(typeof(SecCtrlPayload))]
[JsonSerializable(typeof(List<MeterReportPayload?>))]
[JsonSerializable(typeof(LoginPayload))]
[JsonSerializable(typeof(TokenClaims))]
public sealed partial class EnphaseJsonContext : JsonSerializerContext;

/// <summary>Turning JSON values into the text the script would have worked with.</summary>
public static class JsonValues
{
    /// <summary>Parses <paramref name="body"/>; null when it is not JSON of that shape (the script's jq would print nothing).</summary>
    public static T? TryParse<T>(string? body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            return JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// A number as jq prints it (shortest round-trip form); a string that holds a number is taken as
    /// that number (the script wrote it with its quotes: quirk Q8); anything else (null, missing, text) → null.
    /// </summary>
    public static string? Number(JsonElement? value)
    {
        if (value is not { } element) return null;
        return element.ValueKind switch
        {
            JsonValueKind.Number when element.TryGetDouble(out double d) => ScriptNumbers.JqText(d),
            JsonValueKind.String when double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
                && double.IsFinite(d) => ScriptNumbers.JqText(d),
            _ => null,
        };
    }

    /// <summary>A string value as <c>jq -r</c> prints it; a number as its text; null/missing → null.</summary>
    public static string? Text(JsonElement? value)
    {
        if (value is not { } element) return null;
        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => Number(element),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }
}
