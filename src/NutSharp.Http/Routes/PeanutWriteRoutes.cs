using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NutSharp.Devices;
using NutSharp.Http.Writes;
using NutSharp.Protocol;

namespace NutSharp.Http.Routes;

/// <summary>
/// Writes on PeaNUT's routes (SET VAR: POST .../var/NAME with the value as the body; INSTCMD: POST
/// .../command/NAME) and FSD on one of NutSharp's own (POST .../fsd), each with HTTP Basic
/// credentials of an upsd.users user and exactly that user's NUT rights. Unlike PeaNUT, which
/// reports OK as soon as upsd has handed the request over, the answer waits for the driver's
/// result (NUT's tracking):
/// <list type="bullet">
/// <item>200 and PeaNUT's success text when the driver reports success;</item>
/// <item>401 "Unauthorized" without valid credentials (PeaNUT's answer), 404 for an unknown device;</item>
/// <item>403 when the user lacks the right, 500 when upsd's checks or the driver refuse, with
/// PeaNUT's failure text holding NUT's answer, e.g. "Failed to ERR INVALID-VALUE unknown on device ups1";</item>
/// <item>202 when the driver has not answered within <see cref="DeviceWrites.ResultWait"/>.</item>
/// </list>
/// Every answer after the login carries <c>X-NUT-Result</c> (NUT's reply) and, once the driver
/// has the request, <c>X-NUT-Tracking-Id</c> (GET TRACKING over NUT tells the rest).
/// </summary>
public static class PeanutWriteRoutes
{
    /// <summary>Longest body taken as a value or parameter: NUT's own limit on a word.</summary>
    public const int MaxValueBytes = WordParser.MaxWordLength;

    public static void Map(RouteGroupBuilder device)
    {
        device.MapPost("/var/{param}", async (string device, string param, HttpContext context, DeviceStore store, HttpLogin login, DeviceWrites writes) =>
        {
            if (await login.AuthenticateAsync(context) is not { } user) return HttpLogin.Unauthorized(context);
            if (store.Find(device) is not { } found) return PeanutRoutes.DeviceNotFound();
            if (await ReadBodyAsync(context.Request) is not { } value) return TooLong(context, device);
            var outcome = await writes.SetVariableAsync(found, user, param, value, context.RequestAborted);
            return Answer(context, outcome, device, $"Variable {param} on device {device} saved successfully", $"Variable {param} on device {device}");
        });

        device.MapPost("/command/{param}", async (string device, string param, HttpContext context, DeviceStore store, HttpLogin login, DeviceWrites writes) =>
        {
            if (await login.AuthenticateAsync(context) is not { } user) return HttpLogin.Unauthorized(context);
            if (store.Find(device) is not { } found) return PeanutRoutes.DeviceNotFound();
            // PeaNUT sends no parameter; a body, when there is one, is INSTCMD's parameter (e.g. test.battery.start's duration).
            if (await ReadBodyAsync(context.Request) is not { } body) return TooLong(context, device);
            var outcome = await writes.InstantCommandAsync(found, user, param, body.Length == 0 ? null : body, context.RequestAborted);
            return Answer(context, outcome, device, $"Command {param} on device {device} run successfully", $"Command {param} on device {device}");
        });

        device.MapPost("/fsd", async (string device, HttpContext context, DeviceStore store, HttpLogin login) =>
        {
            if (await login.AuthenticateAsync(context) is not { } user) return HttpLogin.Unauthorized(context);
            if (store.Find(device) is not { } found) return PeanutRoutes.DeviceNotFound();
            return Answer(context, DeviceWrites.ForcedShutdown(found, user), device, $"FSD set on device {device}", $"FSD on device {device}");
        });
    }

    private static IResult Answer(HttpContext context, WriteOutcome outcome, string device, string success, string what)
    {
        context.Response.Headers["X-NUT-Result"] = outcome.Result == WriteResult.Done && outcome.TrackingId is null ? "OK FSD-SET" : outcome.NutText;
        if (outcome.TrackingId is { } id) context.Response.Headers["X-NUT-Tracking-Id"] = id;
        return outcome.Result switch
        {
            WriteResult.Done => PeanutRoutes.Json(success),
            WriteResult.Pending => PeanutRoutes.Json($"{what} accepted; the driver has not reported a result yet (tracking id {outcome.TrackingId})", StatusCodes.Status202Accepted),
            _ => PeanutRoutes.FailedOperation(outcome.NutText, device,
                outcome.Error == NutError.AccessDenied ? StatusCodes.Status403Forbidden : StatusCodes.Status500InternalServerError),
        };
    }

    private static IResult TooLong(HttpContext context, string device)
    {
        context.Response.Headers["X-NUT-Result"] = "ERR TOO-LONG";
        return PeanutRoutes.FailedOperation("ERR TOO-LONG", device);
    }

    /// <summary>The body as UTF-8 text (PeaNUT's request.text()), or null when longer than NUT takes.</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request)
    {
        var buffer = new byte[MaxValueBytes + 1];
        int length = 0;
        while (length < buffer.Length)
        {
            int n = await request.Body.ReadAsync(buffer.AsMemory(length), request.HttpContext.RequestAborted);
            if (n == 0) break;
            length += n;
        }
        return length > MaxValueBytes ? null : Encoding.UTF8.GetString(buffer, 0, length);
    }
}
