using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace NutSharp.Http.StatusPage;

/// <summary>
/// Writes a JSON answer with a <see cref="Utf8JsonWriter"/> straight into the response (the page's
/// routes build their JSON by hand: no reflection, no intermediate objects).
/// </summary>
public static class HandWrittenJson
{
    public static async Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> write, int statusCode = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using (var json = new Utf8JsonWriter(context.Response.BodyWriter)) write(json);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
