using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using NutSharp.Config;
using NutSharp.Server;

namespace NutSharp.Http;

/// <summary>
/// HTTP Basic against upsd.users, with the rights that user has over NUT: the same check as a NUT
/// session's (<see cref="Access.Authenticate(UpsdUsers, string?, string?)"/>: the user exists, has a
/// password, it matches, compared in constant time). Failed attempts slow that client address down:
/// each failure makes the next answer to that address wait longer (doubling up to
/// <see cref="LongestDelay"/>), until a login from it succeeds or it stays quiet for
/// <see cref="Forget"/>. Passwords never reach a log or a reply.
/// </summary>
public sealed class HttpLogin(IHttpConfiguration configuration, TimeProvider time)
{
    /// <summary>The realm of the WWW-Authenticate challenge.</summary>
    public const string Realm = "NutSharp";

    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(8);
    public static readonly TimeSpan Forget = TimeSpan.FromMinutes(15);

    /// <summary>Addresses remembered at most: past it, those quiet longest are forgotten first (a flood of addresses cannot grow this without bound).</summary>
    private const int MaxRemembered = 4096;

    private readonly ConcurrentDictionary<IPAddress, Failures> _failures = new();

    private sealed class Failures
    {
        public int Count;
        public long LastFailure;
    }

    /// <summary>
    /// The upsd.users account the request's Basic credentials name, or null (none given, unknown
    /// user, wrong password). A client address with recent failures waits first.
    /// </summary>
    public async ValueTask<UserAccount?> AuthenticateAsync(HttpContext context)
    {
        // One check per request, however many parts of it ask (the read gate, then a write's rights).
        if (context.Items.TryGetValue(typeof(HttpLogin), out var known)) return known as UserAccount;
        var user = await CheckAsync(context).ConfigureAwait(false);
        context.Items[typeof(HttpLogin)] = user;
        return user;
    }

    private async ValueTask<UserAccount?> CheckAsync(HttpContext context)
    {
        if (!TryReadBasic(context.Request.Headers.Authorization.ToString(), out var username, out var password)) return null;
        var address = ClientAddress(context);
        if (_failures.TryGetValue(address, out var failures))
        {
            var wait = DelayAfter(failures);
            if (wait > TimeSpan.Zero) await Task.Delay(wait, time, context.RequestAborted).ConfigureAwait(false);
        }
        var user = Access.Authenticate(configuration.Users, username, password);
        if (user is null) RecordFailure(address);
        else _failures.TryRemove(address, out _);
        return user;
    }

    /// <summary>How long the next attempt from an address with these failures waits, from now.</summary>
    private TimeSpan DelayAfter(Failures failures)
    {
        int count;
        long last;
        lock (failures) (count, last) = (failures.Count, failures.LastFailure);
        var since = time.GetElapsedTime(last);
        if (since > Forget) return TimeSpan.Zero;
        var delay = FirstDelay * Math.Pow(2, Math.Min(count - 1, 16));
        if (delay > LongestDelay) delay = LongestDelay;
        return delay - since;
    }

    private void RecordFailure(IPAddress address)
    {
        if (_failures.Count >= MaxRemembered) ForgetQuietest();
        var failures = _failures.GetOrAdd(address, _ => new Failures());
        lock (failures)
        {
            failures.Count++;
            failures.LastFailure = time.GetTimestamp();
        }
    }

    private void ForgetQuietest()
    {
        foreach (var (address, failures) in _failures.OrderBy(f => f.Value.LastFailure).Take(MaxRemembered / 4))
            _failures.TryRemove(address, out _);
    }

    /// <summary>The peer's address (IPv4-mapped IPv6 addresses as IPv4, so one client is one entry).</summary>
    private static IPAddress ClientAddress(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }

    /// <summary>Reads <c>Authorization: Basic base64(user:password)</c> (RFC 7617; UTF-8, the password may hold colons).</summary>
    public static bool TryReadBasic(string? header, out string username, out string password)
    {
        username = password = "";
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(header[6..].Trim());
        }
        catch (FormatException)
        {
            return false;
        }
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(decoded);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        int colon = text.IndexOf(':');
        if (colon < 0) return false;
        username = text[..colon];
        password = text[(colon + 1)..];
        return true;
    }

    /// <summary>PeaNUT's answer to a missing or wrong login: 401 and the JSON string "Unauthorized", with a Basic challenge.</summary>
    public static IResult Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{Realm}\", charset=\"UTF-8\"";
        return Results.Json("Unauthorized", HttpJson.Default.String, statusCode: StatusCodes.Status401Unauthorized);
    }
}
