using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NutSharp.Devices;
using NutSharp.Http.History;
using NutSharp.Http.StatusPage;

namespace NutSharp.Http.Routes;

/// <summary>
/// The in-memory history (<see cref="HistoryRecorder"/>), recorded while the HTTP front-end runs,
/// and served at <c>/history.json?ups=NAME</c> (one device, <see cref="HistoryJson"/>'s shape) or
/// <c>/history.json</c> (<c>{"devices": [...]}</c>, every device in LIST UPS order).
/// </summary>
public static class HistoryRoutes
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var services = routes.ServiceProvider;
        var store = services.GetRequiredService<DeviceStore>();
        var http = services.GetRequiredService<IHttpConfiguration>().Http;
        int capacity = http.HistorySize ?? HistorySettings.DefaultCapacity;
        if (capacity == 0)
        {
            // history_size = 0: nothing is recorded, and the route says why.
            routes.MapGet("/history.json", (HttpContext context) => HandWrittenJson.WriteAsync(context,
                json => json.WriteStringValue("No history is kept (history_size = 0 in nutsharp.toml)"), StatusCodes.Status404NotFound));
            return;
        }
        var recorder = new HistoryRecorder(store, new HistorySettings(capacity,
            http.HistoryResolutionSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : HistorySettings.DefaultResolution));
        // Recording runs with the web application: started with it, stopped with it. The size is
        // read at start-up, as the listen addresses are; a reload does not resize the history.
        var lifetime = services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStarted.Register(() => _ = recorder.StartAsync(CancellationToken.None));
        lifetime.ApplicationStopping.Register(() => recorder.StopAsync(CancellationToken.None).GetAwaiter().GetResult());

        routes.MapGet("/history.json", (HttpContext context) => Serve(context, store, recorder));
    }

    private static Task Serve(HttpContext context, DeviceStore store, HistoryRecorder recorder)
    {
        if (context.Request.Query["ups"] is { Count: > 0 } ups)
        {
            if (store.Find(ups.ToString()) is not { } device || recorder.Find(device.Name) is not { } history)
                return HandWrittenJson.WriteAsync(context, json => json.WriteStringValue($"Device {ups} not found"), StatusCodes.Status404NotFound);
            return HandWrittenJson.WriteAsync(context, json => HistoryJson.Write(json, history, device.Current));
        }
        return HandWrittenJson.WriteAsync(context, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("devices");
            foreach (var device in store.Devices)
                if (recorder.Find(device.Name) is { } history) HistoryJson.Write(json, history, device.Current);
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }
}
