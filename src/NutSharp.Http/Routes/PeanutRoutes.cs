using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NutSharp.Devices;
using NutSharp.Protocol;
using NutSharp.Server.Commands;

namespace NutSharp.Http.Routes;

/// <summary>
/// PeaNUT's JSON API (github.com/Brandawg93/PeaNUT, src/app/api): the same paths, shapes, status
/// codes and error texts, answered from the device store's snapshots instead of NUT requests.
/// Each route says which NUT request PeaNUT makes for it; NutSharp answers what upsd would have
/// answered that request, through PeaNUT's handling of the reply. Device and variable names match
/// as upsd matches them (ignoring case); the names in messages are the ones in the path, as PeaNUT
/// writes them. The write routes are in <see cref="PeanutWriteRoutes"/>.
/// </summary>
public static class PeanutRoutes
{
    /// <summary>upsd 2.8.0's NETVER answer (the protocol version).</summary>
    public const string NetworkVersion = "1.3";

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/ping", () => Results.Json("pong", HttpJson.Default.String));

        // VER and NETVER, one entry per NUT server PeaNUT knows: here, this one.
        routes.MapGet("/api/v1/version", () => Results.Json([CommandProcessor.VersionText], HttpJson.Default.StringArray));
        routes.MapGet("/api/v1/netversion", () => Results.Json([NetworkVersion], HttpJson.Default.StringArray));

        // LIST UPS, then LIST VAR (+ GET TYPE) per device.
        routes.MapGet("/api/v1/devices", (DeviceStore store, HttpRequest request) =>
            Results.Json(store.Devices.Select(d => VariablesOf(d, request, deviceIdWithServer: false)).ToList(), HttpJson.Default.ListVariableObject));

        var device = routes.MapGroup("/api/v1/devices/{device}");
        device.MapGet("/", (string device, DeviceStore store, HttpRequest request) =>
            store.Find(device) is { } found
                ? Results.Json(VariablesOf(found, request, deviceIdWithServer: true), HttpJson.Default.VariableObject)
                : DeviceNotFound());
        device.MapGet("/vars", (string device, DeviceStore store) =>
            store.Find(device) is { } found ? Results.Json(new VariableObject(found), HttpJson.Default.VariableObject) : DeviceNotFound());

        // GET UPSDESC: ups.conf's desc, or upsd's "Unavailable".
        device.MapGet("/description", (string device, DeviceStore store) =>
            store.Find(device) is { } found ? Json(found.Description ?? "Unavailable") : DeviceNotFound());

        // LIST CLIENT: the addresses of the NUT sessions logged into the device (upsmon), newest first.
        device.MapGet("/clients", (string device, DeviceStore store) =>
            store.Find(device) is { } found ? Results.Json(found.LoginAddresses(), HttpJson.Default.StringArray) : DeviceNotFound());

        // LIST CMD.
        device.MapGet("/commands", (string device, DeviceStore store) =>
        {
            if (store.Find(device) is not { } found) return DeviceNotFound();
            var snapshot = found.Current;
            return Unavailable(found, snapshot) is { } error
                ? FailedOperation("ERR " + NutErrors.Name(error), device)
                : Results.Json(snapshot.Commands.ToArray(), HttpJson.Default.StringArray);
        });

        // LIST RW. PeaNUT asks only with a NUT login of its own and otherwise answers [] whatever the
        // device has; NutSharp answers what NUT lists.
        device.MapGet("/rwvars", (string device, DeviceStore store) =>
        {
            if (store.Find(device) is not { } found) return DeviceNotFound();
            var snapshot = found.Current;
            return Unavailable(found, snapshot) is { } error
                ? FailedOperation("ERR " + NutErrors.Name(error), device)
                : Results.Json(snapshot.Variables.Where(v => v.IsWritable).Select(v => v.Name).ToArray(), HttpJson.Default.StringArray);
        });

        // GET CMDDESC: upsd describes any name (unknown ones "Description unavailable"), once the device is available.
        device.MapGet("/command/{param}/description", (string device, string param, DeviceStore store, IHttpConfiguration configuration) =>
        {
            if (store.Find(device) is not { } found) return DeviceNotFound();
            // PeaNUT reads the ERR line of an unavailable device as an invalid CMDDESC reply.
            return Unavailable(found, found.Current) is not null
                ? FailedOperation("Invalid response", device)
                : Json(configuration.Descriptions.CommandDescription(param) ?? "Description unavailable");
        });

        var variable = device.MapGroup("/var/{param}");
        // GET VAR: the value as a string (PeaNUT does not convert it here), with FSD's prefix on ups.status.
        variable.MapGet("/", (string device, string param, DeviceStore store) =>
            WithVariable(store, device, param, (snapshot, v) => Json(VariableObjectConverter.ValueAsListed(snapshot, v))));

        // GET TYPE: what follows the names in upsd's reply, e.g. "RW NUMBER", "RW ENUM STRING:3".
        variable.MapGet("/type", (string device, string param, DeviceStore store) =>
            WithVariable(store, device, param, (_, v) => Json(TypeOf(v))));

        // GET DESC: PeaNUT answers "Description unavailable" for every error, so only an unknown device is a 404.
        variable.MapGet("/description", (string device, string param, DeviceStore store, IHttpConfiguration configuration) =>
            store.Find(device) is not { } found ? DeviceNotFound()
            : Json(Unavailable(found, found.Current) is null ? configuration.Descriptions.VarDescription(param) ?? "Description unavailable" : "Description unavailable"));

        // LIST ENUM: the values, unescaped (NUT stores them escaped).
        variable.MapGet("/enum", (string device, string param, DeviceStore store) =>
            WithVariable(store, device, param, (_, v) => Results.Json(v.Enums.Select(Unescape).ToArray(), HttpJson.Default.StringArray)));

        // LIST RANGE: PeaNUT keeps only each range's first quoted word (the minimum); NutSharp gives
        // both, as "min max" (a reader taking the leading number still gets the minimum).
        variable.MapGet("/range", (string device, string param, DeviceStore store) =>
            WithVariable(store, device, param, (_, v) => Results.Json(v.Ranges.Select(r => $"{r.Min} {r.Max}").ToArray(), HttpJson.Default.StringArray)));

        PeanutWriteRoutes.Map(device);
    }

    /// <summary>The device's variable, or PeaNUT's 404 answers: unknown device, or any NUT error about the variable.</summary>
    private static IResult WithVariable(DeviceStore store, string device, string param, Func<DeviceSnapshot, DeviceVariable, IResult> answer)
    {
        if (store.Find(device) is not { } found) return DeviceNotFound();
        var snapshot = found.Current;
        if (Unavailable(found, snapshot) is not null || snapshot.Find(param) is not { } v) return ParameterNotFound(param, device);
        return answer(snapshot, v);
    }

    /// <summary>upsd's availability check: DRIVER-NOT-CONNECTED or DATA-STALE, or null when the device answers.</summary>
    internal static NutError? Unavailable(Device device, DeviceSnapshot snapshot) => device.Availability(snapshot) switch
    {
        Availability.NotConnected => NutError.DriverNotConnected,
        Availability.Stale => NutError.DataStale,
        _ => null,
    };

    private static string TypeOf(DeviceVariable v)
    {
        var words = new List<string>(4);
        if (v.IsWritable) words.Add("RW");
        if (!v.Enums.IsEmpty) words.Add("ENUM");
        if (!v.Ranges.IsEmpty) words.Add("RANGE");
        words.Add(v.IsString ? $"STRING:{v.Aux}" : "NUMBER");
        return string.Join(' ', words);
    }

    /// <summary>Undoes NUT's escaping of a stored ENUM value (a backslash before a backslash or quote).</summary>
    private static string Unescape(string escaped)
    {
        if (!escaped.Contains('\\')) return escaped;
        var text = new System.Text.StringBuilder(escaped.Length);
        for (int i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '\\' && i + 1 < escaped.Length) i++;
            text.Append(escaped[i]);
        }
        return text.ToString();
    }

    /// <summary>PeaNUT's <c>?meta=true</c> adds <c>peanut.device_id</c> and <c>peanut.server</c> (the NUT server PeaNUT asked; here, this one).</summary>
    private static VariableObject VariablesOf(Device device, HttpRequest request, bool deviceIdWithServer)
    {
        if (request.Query["meta"] != "true") return new VariableObject(device);
        string server = request.Host.Value ?? "";
        return new VariableObject(device,
        [
            new("peanut.device_id", deviceIdWithServer ? $"{server}/{device.Name}" : device.Name),
            new("peanut.server", server),
        ]);
    }

    internal static IResult Json(string text, int status = StatusCodes.Status200OK) => Results.Json(text, HttpJson.Default.String, statusCode: status);

    /// <summary>PeaNUT's deviceNotFoundError: 404, <c>{"error":"Device not found"}</c>.</summary>
    public static IResult DeviceNotFound() =>
        Results.Json(new PeanutError("Device not found"), HttpJson.Default.PeanutError, statusCode: StatusCodes.Status404NotFound);

    /// <summary>PeaNUT's parameterNotFoundError: 404, <c>"Parameter P on device D not found"</c>.</summary>
    public static IResult ParameterNotFound(string param, string device) => Json($"Parameter {param} on device {device} not found", StatusCodes.Status404NotFound);

    /// <summary>PeaNUT's failedOperationError as its handlers call it: 500, <c>"Failed to WHAT unknown on device D"</c>.</summary>
    public static IResult FailedOperation(string what, string device, int status = StatusCodes.Status500InternalServerError) =>
        Json($"Failed to {what} unknown on device {device}", status);
}
