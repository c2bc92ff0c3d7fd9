using Microsoft.AspNetCore.Http;

namespace NutSharp.Http;

/// <summary>
/// <c>require_login_for_reads = true</c>: every request needs valid Basic credentials of an
/// upsd.users user, reads included. Off (the default), reads are anonymous as upsd's are, and only
/// writes ask for a login (each checking that user's own rights).
/// </summary>
internal sealed class ReadLoginMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IHttpConfiguration configuration, HttpLogin login)
    {
        if (configuration.Http.RequireLoginForReads && await login.AuthenticateAsync(context).ConfigureAwait(false) is null)
        {
            await HttpLogin.Unauthorized(context).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        await next(context).ConfigureAwait(false);
    }
}
