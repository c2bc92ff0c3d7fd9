using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using NutSharp.Protocol;
using NutSharp.Tests.Shared;

namespace NutSharp.Integration.Tests.Http;

/// <summary>
/// What PeaNUT (github.com/Brandawg93/PeaNUT, src/server/nut.ts and src/app/api) answers on each of
/// its API routes, worked out the way PeaNUT works it out: the same NUT requests (LIST VAR plus
/// GET TYPE per variable, GET VAR, LIST ENUM, ...) sent to a NUT server, the replies read with
/// PeaNUT's rules (a NUMBER variable becomes a JSON number when JavaScript's +value is not NaN; an
/// ERR line on LIST VAR is a "Device Unreachable" device; an ERR on GET VAR is a 404 "Parameter P on
/// device D not found"; ...). Three deliberate differences, where PeaNUT misreads NUT, follow NUT:
/// quoted values are decoded with NUT's escapes (PeaNUT cuts them at the first quote), LIST RANGE
/// gives "min max" (PeaNUT keeps only the minimum), and LIST RW is listed (PeaNUT answers [] without
/// a NUT login of its own). Object member order is not compared here (PeaNUT sorts with ICU's
/// collation; that order has unit tests of its own).
/// </summary>
public sealed class PeanutOracle(LineClient nut)
{
    /// <summary>One route's expected answer: the HTTP status and the JSON body.</summary>
    public sealed record Answer(HttpStatusCode Status, JsonNode? Body);

    public Answer Version() => Ok(new JsonArray(Reply("VER")));

    public Answer NetVersion() => Ok(new JsonArray(Reply("NETVER")));

    public IReadOnlyList<string> DeviceNames() =>
        [.. nut.AskReply("LIST UPS").Where(l => l.StartsWith("UPS ", StringComparison.Ordinal)).Select(l => Words(l)[1])];

    public Answer Devices() => Ok(new JsonArray([.. DeviceNames().Select(d => (JsonNode?)Data(d))]));

    /// <summary>/devices/{device} and /devices/{device}/vars (PeaNUT finds devices by exact name; NutSharp as upsd does, ignoring case).</summary>
    public Answer Device(string device) => Known(device) is { } name ? Ok(Data(name)) : DeviceNotFound();

    public Answer Description(string device) => Known(device) is { } name ? Ok(Words(Reply($"GET UPSDESC {name}"))[2]) : DeviceNotFound();

    public Answer Clients(string device) => Known(device) is { } name
        ? Ok(new JsonArray([.. nut.AskReply($"LIST CLIENT {name}").Where(l => l.StartsWith("CLIENT ", StringComparison.Ordinal)).Select(l => (JsonNode?)Words(l)[2])]))
        : DeviceNotFound();

    public Answer Commands(string device) => ListNames(device, "CMD", 2);

    public Answer ReadWriteVariables(string device) => ListNames(device, "RW", 2);

    public Answer CommandDescription(string device, string command)
    {
        if (Known(device) is not { } name) return DeviceNotFound();
        var reply = Reply($"GET CMDDESC {name} {command}");
        return reply.StartsWith("CMDDESC", StringComparison.Ordinal) ? Ok(Words(reply)[3]) : Failed("Invalid response", device);
    }

    public Answer Variable(string device, string variable)
    {
        if (Known(device) is not { } name) return DeviceNotFound();
        var reply = Reply($"GET VAR {name} {variable}");
        return reply.StartsWith("VAR", StringComparison.Ordinal) ? Ok(Words(reply)[3]) : ParameterNotFound(variable, device);
    }

    public Answer Type(string device, string variable)
    {
        if (Known(device) is not { } name) return DeviceNotFound();
        var reply = Reply($"GET TYPE {name} {variable}");
        return reply.StartsWith("TYPE", StringComparison.Ordinal) ? Ok(string.Join(' ', Words(reply)[3..])) : ParameterNotFound(variable, device);
    }

    public Answer VariableDescription(string device, string variable)
    {
        if (Known(device) is not { } name) return DeviceNotFound();
        var reply = Reply($"GET DESC {name} {variable}");
        return Ok(reply.StartsWith("DESC", StringComparison.Ordinal) ? Words(reply)[3] : "Description unavailable");
    }

    public Answer Enum(string device, string variable)
    {
        if (Known(device) is not { } name) return DeviceNotFound();
        var reply = nut.AskReply($"LIST ENUM {name} {variable}");
        return reply[0].StartsWith("ERR", StringComparison.Ordinal)
            ? ParameterNotFound(variable, device)
            : Ok(new JsonArray([.. reply.Where(l => l.StartsWith("ENUM ", StringComparison.Ordinal)).Select(l => (JsonNode?)Words(l)[3])]));
    }

    public Answer Range(string device, string variable)
    {
        if (Known(device) is not { } name) return DeviceNotFound();
        var reply = nut.AskReply($"LIST RANGE {name} {variable}");
        return reply[0].StartsWith("ERR", StringComparison.Ordinal)
            ? ParameterNotFound(variable, device)
            : Ok(new JsonArray([.. reply.Where(l => l.StartsWith("RANGE ", StringComparison.Ordinal)).Select(l => (JsonNode?)$"{Words(l)[3]} {Words(l)[4]}")]));
    }

    /// <summary>PeaNUT's getData: LIST VAR, then GET TYPE per variable; an ERR is its unreachable device.</summary>
    public JsonObject Data(string device)
    {
        var list = nut.AskReply($"LIST VAR {device}");
        if (list[0].StartsWith("ERR", StringComparison.Ordinal))
            return new JsonObject { ["ups.device_name"] = device, ["ups.status"] = "Device Unreachable" };
        var data = new JsonObject();
        foreach (var line in list.Where(l => l.StartsWith("VAR ", StringComparison.Ordinal)))
        {
            var words = Words(line);
            string key = words[2], value = words[3];
            string type = Reply($"GET TYPE {device} {key}");
            data[key] = type.Contains("NUMBER", StringComparison.Ordinal) && JavaScriptNumber(value) is double number ? number : value;
        }
        return data;
    }

    /// <summary>JavaScript's +value for the decimal numbers drivers write ("" is 0); null for NaN.</summary>
    public static double? JavaScriptNumber(string value)
    {
        var text = value.Trim();
        if (text.Length == 0) return 0;
        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double number)
            ? number : null;
    }

    private Answer ListNames(string device, string what, int word)
    {
        if (Known(device) is not { } name) return DeviceNotFound();
        var reply = nut.AskReply($"LIST {what} {name}");
        if (reply[0].StartsWith("ERR", StringComparison.Ordinal)) return Failed(reply[0], device);
        return Ok(new JsonArray([.. reply.Where(l => l.StartsWith(what + " ", StringComparison.Ordinal)).Select(l => (JsonNode?)Words(l)[word])]));
    }

    /// <summary>The device's name as LIST UPS spells it, matched as upsd matches names; null when there is none.</summary>
    private string? Known(string device) => DeviceNames().FirstOrDefault(d => d.Equals(device, StringComparison.OrdinalIgnoreCase));

    private string Reply(string request) => nut.Ask(request) ?? throw new InvalidOperationException($"no reply to {request}");

    private static Answer Ok(JsonNode? body) => new(HttpStatusCode.OK, body);

    private static Answer DeviceNotFound() => new(HttpStatusCode.NotFound, new JsonObject { ["error"] = "Device not found" });

    private static Answer ParameterNotFound(string variable, string device) => new(HttpStatusCode.NotFound, $"Parameter {variable} on device {device} not found");

    private static Answer Failed(string what, string device) => new(HttpStatusCode.InternalServerError, $"Failed to {what} unknown on device {device}");

    /// <summary>A NUT reply line split into words with NUT's own tokenizer (quotes and escapes decoded).</summary>
    public static string[] Words(string line)
    {
        var parser = new WordParser();
        foreach (var b in Encoding.Latin1.GetBytes(line + "\n"))
            if (parser.Feed(b) == WordParserEvent.Line) return parser.ToStrings();
        return [];
    }
}
