using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NutSharp.Devices;

namespace NutSharp.Http.Routes;

/// <summary>
/// PeaNUT's JSON API (github.com/Brandawg93/PeaNUT, src/app/api): the same paths, shapes, status
/// codes and error texts, answered from the device store's snapshots instead of NUT requests.
/// </summary>
public static class PeanutRoutes
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/ping", () => Results.Json("pong", HttpJson.Default.String));
        routes.MapGet("/api/v1/devices", (DeviceStore store, HttpRequest request) =>
            Results.Json(store.Devices.Select(d => VariablesOf(d, request, serverDevicePrefix: false)).ToList(), HttpJson.Default.ListVariableObject));
        routes.MapGet("/api/v1/devices/{device}", (string device, DeviceStore store, HttpRequest request) =>
            store.Find(device) is { } found
                ? Results.Json(VariablesOf(found, request, serverDevicePrefix: true), HttpJson.Default.VariableObject)
                : DeviceNotFound());
        routes.MapGet("/api/v1/devices/{device}/vars", (string device, DeviceStore store) =>
            store.Find(device) is { } found
                ? Results.Json(new VariableObject(found.Current), HttpJson.Default.VariableObject)
                : DeviceNotFound());
    }

    /// <summary>PeaNUT's <c>?meta=true</c> adds <c>peanut.device_id</c> and <c>peanut.server</c> (the NUT server PeaNUT asked; here, this one).</summary>
    private static VariableObject VariablesOf(Device device, HttpRequest request, bool serverDevicePrefix)
    {
        if (request.Query["meta"] != "true") return new VariableObject(device.Current);
        string server = request.Host.Value ?? "";
        return new VariableObject(device.Current,
        [
            new("peanut.device_id", serverDevicePrefix ? $"{server}/{device.Name}" : device.Name),
            new("peanut.server", server),
        ]);
    }

    /// <summary>PeaNUT's deviceNotFoundError: 404, <c>{"error":"Device not found"}</c>.</summary>
    public static IResult DeviceNotFound() =>
        Results.Json(new PeanutError("Device not found"), HttpJson.Default.PeanutError, statusCode: StatusCodes.Status404NotFound);
}
