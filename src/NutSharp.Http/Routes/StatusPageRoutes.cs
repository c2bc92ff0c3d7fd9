using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NutSharp.Devices;
using NutSharp.Http.StatusPage;

namespace NutSharp.Http.Routes;

/// <summary>
/// The live status page: <c>/</c> and its two assets (embedded), <c>/events</c> (server-sent
/// events from the change feed, <see cref="StatusEvents"/>), and <c>/session</c>, which checks the
/// page's login form against upsd.users and tells the page who is logged in.
/// </summary>
public static class StatusPageRoutes
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", (HttpContext context) => Serve(context, "index.html"));
        routes.MapGet("/assets/{file}", (HttpContext context, string file) => Serve(context, file));
        routes.MapGet("/events", Events);
        routes.MapGet("/session", Session);
    }

    private static IResult Serve(HttpContext context, string file)
    {
        if (StatusPageAssets.Find(file) is not { } asset) return Results.NotFound();
        var headers = context.Response.Headers;
        headers.ETag = asset.ETag;
        // Revalidated each time (a 304 when unchanged), so a new server version shows at once.
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        if (file == "index.html")
        {
            // Everything the page uses is its own: no other origin may be loaded or framed in.
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
        }
        if (context.Request.Headers.IfNoneMatch == asset.ETag) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    private static async Task Events(HttpContext context)
    {
        var store = context.RequestServices.GetRequiredService<DeviceStore>();
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        // A reverse proxy (nginx) would otherwise hold the events back to fill its buffer.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        // The stream ends when the page goes, or when the server stops: Kestrel waits for open
        // requests before it stops, and an event stream never ends by itself.
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var end = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            await StatusEventStream.RunAsync(store, response.Body, end.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (end.IsCancellationRequested)
        {
            // The page went away (closed, reloaded) or the server is stopping: the feed is disposed
            // with the stream; EventSource reconnects by itself when the server is back.
        }
        catch (IOException) when (end.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// The login form's check: for a valid upsd.users login, 200 with what that user may do over
    /// NUT (<c>{"user", "set": bool, "fsd": bool, "instcmds": [...] or "all"}</c>, so the page offers
    /// only what the writes will accept); 401 otherwise, without a Basic challenge (the page has its
    /// own form; a challenge would make the browser open its own dialog on top).
    /// </summary>
    private static async Task Session(HttpContext context)
    {
        var login = context.RequestServices.GetRequiredService<HttpLogin>();
        if (await login.AuthenticateAsync(context).ConfigureAwait(false) is not { } user)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        await HandWrittenJson.WriteAsync(context, json =>
        {
            json.WriteStartObject();
            json.WriteString("user", user.Name);
            json.WriteBoolean("set", user.HasAction("SET"));
            json.WriteBoolean("fsd", user.HasAction("FSD"));
            if (user.AllInstantCommands)
            {
                json.WriteString("instcmds", "all");
            }
            else
            {
                json.WriteStartArray("instcmds");
                foreach (var command in user.InstantCommands.Order(StringComparer.OrdinalIgnoreCase)) json.WriteStringValue(command);
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }
}
