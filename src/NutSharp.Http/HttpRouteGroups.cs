using Microsoft.AspNetCore.Routing;
using NutSharp.Http.Routes;

namespace NutSharp.Http;

/// <summary>
/// The one place where the HTTP front-end's routes are mapped. Each route group lives in a file of
/// its own under Routes/, as a static class with <c>Map(IEndpointRouteBuilder)</c>; a new group
/// (status page, history, /status.json, ...) is one file there and one line here. A handler takes
/// what it needs as parameters: the <see cref="NutSharp.Devices.DeviceStore"/>,
/// <see cref="IHttpConfiguration"/> and <see cref="HttpLogin"/> come from dependency injection.
/// </summary>
public static class HttpRouteGroups
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        PeanutRoutes.Map(routes);
        MetricsRoutes.Map(routes);
        StatusPageRoutes.Map(routes);
        HistoryRoutes.Map(routes);
        TeleinfoRoutes.Map(routes);
    }
}
