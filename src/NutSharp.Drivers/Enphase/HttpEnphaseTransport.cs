using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NutSharp.Drivers.Enphase;

/// <summary>
/// The requests over HTTP: the cloud (login, token) with normal certificate checks, the gateway
/// over HTTPS with its self-signed certificate accepted for ENVOY_HOST only, as the script's
/// <c>curl -k</c> does for its gateway calls and nowhere else. Redirects are not followed (curl
/// without -L does not either), so a gateway answer cannot lead the token to another host.
/// </summary>
public sealed class HttpEnphaseTransport : IEnphaseTransport, IDisposable
{
    private readonly EnphaseConfig _config;
    private readonly IEnphaseLog _log;
    private readonly HttpClient _cloud;
    private readonly HttpClient _gateway;
    private readonly string _gatewayHost;

    public HttpEnphaseTransport(EnphaseConfig config, IEnphaseLog log)
    {
        _config = config;
        _log = log;
        _gatewayHost = HostOf(config.EnvoyHost);
        _cloud = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _gateway = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = AcceptGatewayCertificate },
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public Task<GatewayAnswer> LoginAsync(CancellationToken cancellationToken)
    {
        // As curl --data-urlencode "user%5Bemail%5D=...": the names are sent as written (already
        // percent-encoded, one of them with a lower-case %5d), the values percent-encoded.
        var body = $"user%5Bemail%5D={Uri.EscapeDataString(_config.Username)}&user%5Bpassword%5d={Uri.EscapeDataString(_config.Password)}";
        var request = new HttpRequestMessage(HttpMethod.Post, _config.LoginUrl)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/x-www-form-urlencoded")),
        };
        request.Content.Headers.ContentType!.CharSet = null;
        request.Headers.Accept.ParseAdd("application/json");
        _log.Debug($"POST {Redact(_config.LoginUrl)} (login for {_config.Username})");
        return SendAsync(_cloud, request, _config.LoginTimeout, cancellationToken);
    }

    public Task<GatewayAnswer> RequestTokenAsync(string sessionId, CancellationToken cancellationToken)
    {
        // The script's curl --json body, to the byte, with the values JSON-escaped (the script does not escape them).
        var body = $"{{\"session_id\": \"{Escape(sessionId)}\", \"serial_num\": \"{Escape(_config.Serial)}\", \"username\": \"{Escape(_config.Username)}\"}}";
        var request = new HttpRequestMessage(HttpMethod.Post, _config.TokensUrl)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Content.Headers.ContentType!.CharSet = null;
        request.Headers.Accept.ParseAdd("application/json");
        _log.Debug($"POST {Redact(_config.TokensUrl)} (token for serial {_config.Serial})");
        return SendAsync(_cloud, request, _config.LoginTimeout, cancellationToken);
    }

    public Task<GatewayAnswer> GatewayGetAsync(string token, string path, CancellationToken cancellationToken)
    {
        var url = $"https://{_config.EnvoyHost}/{path.TrimStart('/')}";
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("application/json");
        _log.Debug($"GET {url}");
        return SendAsync(_gateway, request, _config.ApiTimeout, cancellationToken);
    }

    private async Task<GatewayAnswer> SendAsync(HttpClient client, HttpRequestMessage request, int timeoutSeconds, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // curl -m: the whole exchange, body included.
        limit.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            using (request)
            using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, limit.Token))
            {
                var body = await response.Content.ReadAsStringAsync(limit.Token);
                var status = (int)response.StatusCode;
                if (status >= 400) _log.Debug($"{request.Method} {Redact(request.RequestUri!.ToString())}: HTTP {status}");
                return new GatewayAnswer(status, body);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _log.Warn($"{request.Method} {Redact(request.RequestUri!.ToString())}: no answer within {timeoutSeconds} s");
            return GatewayAnswer.NoAnswer(timedOut: true);
        }
        catch (HttpRequestException e)
        {
            _log.Warn($"{request.Method} {Redact(request.RequestUri!.ToString())}: {e.Message}");
            return GatewayAnswer.NoAnswer(timedOut: false);
        }
    }

    /// <summary>The gateway's certificate is self-signed: accepted without checks, but only on a connection to ENVOY_HOST.</summary>
    private bool AcceptGatewayCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        var target = sender is SslStream stream ? stream.TargetHostName : null;
        // This client only ever connects to ENVOY_HOST (URLs are built from it, redirects are not
        // followed); the host name is compared as well where the TLS layer reports it.
        return string.IsNullOrEmpty(target) || string.Equals(HostOf(target), _gatewayHost, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The host part of ENVOY_HOST (host, host:port, [v6]:port).</summary>
    public static string HostOf(string hostAndPort)
    {
        if (hostAndPort.StartsWith('['))
        {
            int close = hostAndPort.IndexOf(']');
            return close > 0 ? hostAndPort[1..close] : hostAndPort;
        }
        int colon = hostAndPort.LastIndexOf(':');
        return colon > 0 && hostAndPort.IndexOf(':') == colon ? hostAndPort[..colon] : hostAndPort;
    }

    /// <summary>A URL for a log line: any query string dropped (the login URL could carry credentials).</summary>
    private static string Redact(string url)
    {
        int query = url.IndexOf('?');
        return query < 0 ? url : url[..(query + 1)];
    }

    private static string Escape(string value) => JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString();

    public void Dispose()
    {
        _cloud.Dispose();
        _gateway.Dispose();
    }
}
