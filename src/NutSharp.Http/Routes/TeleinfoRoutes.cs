using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NutSharp.Devices;
using NutSharp.Http.StatusPage;
using NutSharp.Http.Teleinfo;

namespace NutSharp.Http.Routes;

/// <summary>
/// serial-teleinfo's one route, <c>/status.json</c>, for the teleinfo devices: always behind HTTP
/// Basic (that server let no one in without a login from its [users]; here the users are
/// upsd.users'), with its 401 and <c>WWW-Authenticate: Basic</c>. With one meter the route answers
/// for it; with several, <c>?ups=NAME</c> picks one.
/// </summary>
public static class TeleinfoRoutes
{
    public static void Map(IEndpointRouteBuilder routes) => routes.MapGet("/status.json", Status);

    private static async Task Status(HttpContext context)
    {
        var login = context.RequestServices.GetRequiredService<HttpLogin>();
        if (await login.AuthenticateAsync(context).ConfigureAwait(false) is null)
        {
            context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{HttpLogin.Realm}\"";
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("401: Unauthorized", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        var store = context.RequestServices.GetRequiredService<DeviceStore>();
        var meters = store.Devices.Where(d => TeleinfoStatusJson.IsTeleinfo(d.Current)).ToList();
        Device? meter;
        if (context.Request.Query["ups"] is { Count: > 0 } ups)
        {
            meter = store.Find(ups.ToString());
            if (meter is null || !TeleinfoStatusJson.IsTeleinfo(meter.Current))
            {
                await Error(context, StatusCodes.Status404NotFound, $"no teleinfo device named {ups}").ConfigureAwait(false);
                return;
            }
        }
        else if (meters.Count == 1)
        {
            meter = meters[0];
        }
        else
        {
            await Error(context, meters.Count == 0 ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest,
                meters.Count == 0
                    ? "no teleinfo device (driver = teleinfo in ups.conf)"
                    : $"several teleinfo devices ({string.Join(", ", meters.Select(m => m.Name))}): name one with ?ups=NAME").ConfigureAwait(false);
            return;
        }
        var snapshot = meter.Current;
        await HandWrittenJson.WriteAsync(context, json => TeleinfoStatusJson.Write(json, snapshot)).ConfigureAwait(false);
    }

    private static Task Error(HttpContext context, int status, string message) =>
        HandWrittenJson.WriteAsync(context, json =>
        {
            json.WriteStartObject();
            json.WriteString("error", message);
            json.WriteEndObject();
        }, status);
}
