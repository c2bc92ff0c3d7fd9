using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace NutSharp.Testing;

/// <summary>
/// A fake Enphase cloud (plain HTTP: login and token) and IQ Gateway (HTTPS with a self-signed
/// certificate made here), on loopback, serving tests/fixtures/enphase/payloads and recording
/// every request as <c>METHOD PATH STATUS</c>, the form of the fixture cases' requests.txt.
/// It behaves as the fake the cases were recorded against: only the password secret-pw and the
/// serial 202399990001 are accepted, gateway calls need a bearer token, tokens live one year.
/// </summary>
public sealed class FakeEnphase : IDisposable
{
    public const string Password = "secret-pw";
    public const string Serial = "202399990001";
    public const string Username = "owner@example.com";

    private static readonly Dictionary<string, string> Endpoints = new(StringComparer.Ordinal)
    {
        ["/ivp/ensemble/relay"] = "relay",
        ["/ivp/livedata/status"] = "live",
        ["/ivp/meters/reports"] = "reports",
        ["/ivp/ensemble/secctrl"] = "secctrl",
        ["/info.xml"] = "info",
        ["/ivp/ensemble/inventory"] = "inventory",
    };

    private static readonly Dictionary<string, string> DefaultFiles = new(StringComparer.Ordinal)
    {
        ["relay"] = "ivp_ensemble_relay.closed.json",
        ["live"] = "ivp_livedata_status.soc100.json",
        ["reports"] = "ivp_meters_reports.split.json",
        ["secctrl"] = "ivp_ensemble_secctrl.json",
        ["info"] = "info.xml",
        ["inventory"] = "ivp_ensemble_inventory.json",
        ["login"] = "enlighten_login.ok.json",
    };

    private readonly TcpListener _cloud = new(IPAddress.Loopback, 0);
    private readonly TcpListener _gateway = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate = MakeCertificate();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<string> _arrivals = new();
    private readonly Lock _lock = new();
    private Dictionary<string, string> _files = new(DefaultFiles);
    private Dictionary<string, int> _status = [];
    private readonly Dictionary<string, TimeSpan> _delays = [];
    private int _tokenNumber;

    public FakeEnphase()
    {
        _cloud.Start();
        _gateway.Start();
        _ = AcceptAsync(_cloud, tls: false);
        _ = AcceptAsync(_gateway, tls: true);
    }

    public static string PayloadDirectory => Path.Combine(TestPaths.RepositoryRoot, "tests", "fixtures", "enphase", "payloads");

    /// <summary>ENVOY_HOST for the config: the HTTPS gateway.</summary>
    public string EnvoyHost => $"127.0.0.1:{((IPEndPoint)_gateway.LocalEndpoint).Port}";

    public string LoginUrl => $"http://127.0.0.1:{((IPEndPoint)_cloud.LocalEndpoint).Port}/login/login.json?";

    public string TokensUrl => $"http://127.0.0.1:{((IPEndPoint)_cloud.LocalEndpoint).Port}/tokens";

    /// <summary>How long the tokens handed out live.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Which bearer tokens the gateway accepts (all, unless a test says otherwise).</summary>
    public Func<string, bool> AcceptsToken { get; set; } = _ => true;

    /// <summary>The login answer's body overrides (e.g. the MFA answer without a session id).</summary>
    public string? LoginFile { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Every request as the fixture cases' requests.txt writes it.</summary>
    public IReadOnlyList<string> Calls => [.. _requests.Select(r => $"{r.Method} {r.Target} {r.Status}")];

    /// <summary>Every request as it arrived (<c>METHOD PATH</c>), answered or not (a client that timed out).</summary>
    public IReadOnlyList<string> Arrivals => [.. _arrivals];

    /// <summary>Makes <paramref name="endpoint"/> answer only after <paramref name="delay"/> (null: at once again).</summary>
    public void Delay(string endpoint, TimeSpan? delay)
    {
        lock (_lock)
        {
            if (delay is { } d) _delays[endpoint] = d;
            else _delays.Remove(endpoint);
        }
    }

    /// <summary>Serves what a case's gateway.json says: payload files and forced HTTP statuses per endpoint.</summary>
    public void Apply(string gatewayJson)
    {
        using var document = JsonDocument.Parse(gatewayJson);
        var files = new Dictionary<string, string>(DefaultFiles);
        var status = new Dictionary<string, int>();
        if (document.RootElement.TryGetProperty("files", out var f))
            foreach (var p in f.EnumerateObject()) files[p.Name] = p.Value.GetString()!;
        if (document.RootElement.TryGetProperty("status", out var s))
            foreach (var p in s.EnumerateObject()) status[p.Name] = p.Value.GetInt32();
        lock (_lock)
        {
            _files = files;
            _status = status;
        }
    }

    /// <summary>Serves <paramref name="file"/> for <paramref name="endpoint"/> from now on.</summary>
    public void Serve(string endpoint, string file)
    {
        lock (_lock) _files[endpoint] = file;
    }

    /// <summary>Makes <paramref name="endpoint"/> answer with <paramref name="status"/> (null: normally again).</summary>
    public void Fail(string endpoint, int? status)
    {
        lock (_lock)
        {
            if (status is int code) _status[endpoint] = code;
            else _status.Remove(endpoint);
        }
    }

    /// <summary>An Entrez-shaped JWT for the test serial with the given expiry.</summary>
    public string MakeToken(DateTimeOffset expires)
    {
        int number = Interlocked.Increment(ref _tokenNumber);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = Part("{\"kid\":\"test\",\"typ\":\"JWT\",\"alg\":\"ES256\"}");
        var payload = Part($"{{\"aud\":\"{Serial}\",\"iss\":\"Entrez\",\"enphaseUser\":\"owner\",\"exp\":{expires.ToUnixTimeSeconds()},\"iat\":{now},\"jti\":\"token-{number}\",\"username\":\"{Username}\"}}");
        return $"{header}.{payload}.signature-{number}";
    }

    private async Task AcceptAsync(TcpListener listener, bool tls)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            _ = Task.Run(() => ServeAsync(client, tls));
        }
    }

    private async Task ServeAsync(TcpClient client, bool tls)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                if (tls)
                {
                    var ssl = new SslStream(stream);
                    await ssl.AuthenticateAsServerAsync(_certificate, clientCertificateRequired: false, checkCertificateRevocation: false);
                    stream = ssl;
                }
                var request = await ReadRequestAsync(stream);
                if (request is null) return;
                _arrivals.Enqueue($"{request.Method} {request.Target}");
                TimeSpan delay;
                lock (_lock) delay = Endpoints.TryGetValue(request.Target.Split('?')[0], out var e) ? _delays.GetValueOrDefault(e) : TimeSpan.Zero;
                if (delay > TimeSpan.Zero) await Task.Delay(delay, _stop.Token);
                var (status, contentType, body) = Answer(request, tls);
                _requests.Enqueue(request with { Status = status });
                var bytes = Encoding.UTF8.GetBytes(body);
                var head = $"HTTP/1.1 {status} {(status < 400 ? "OK" : "Error")}\r\nContent-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                await stream.WriteAsync(bytes);
                await stream.FlushAsync();
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or ObjectDisposedException or OperationCanceledException)
            {
                // A client that went away; nothing to record.
            }
        }
    }

    private (int Status, string ContentType, string Body) Answer(RecordedRequest request, bool tls)
    {
        Dictionary<string, string> files;
        Dictionary<string, int> forced;
        lock (_lock)
        {
            files = new(_files);
            forced = new(_status);
        }
        var path = request.Target.Split('?')[0];
        if (!tls && request.Method == "POST" && path == "/login/login.json")
        {
            if (forced.TryGetValue("login", out int code)) return (code, "application/json", "{\"message\":\"error\"}");
            var form = request.Body.Split('&').Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
                .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1]), StringComparer.OrdinalIgnoreCase);
            if (!form.TryGetValue("user[password]", out var password) || password != Password)
                return (401, "application/json", File.ReadAllText(Path.Combine(PayloadDirectory, "enlighten_login.badpw.json")));
            return (200, "application/json", File.ReadAllText(Path.Combine(PayloadDirectory, LoginFile ?? files["login"])));
        }
        if (!tls && request.Method == "POST" && path == "/tokens")
        {
            if (forced.TryGetValue("tokens", out int code)) return (code, "text/plain", "error");
            using var json = JsonDocument.Parse(request.Body);
            if (json.RootElement.GetProperty("serial_num").GetString() != Serial) return (400, "text/plain", "Invalid serial");
            return (200, "text/plain", MakeToken(DateTimeOffset.UtcNow + TokenLifetime));
        }
        if (tls && request.Method == "GET" && Endpoints.TryGetValue(path, out var endpoint))
        {
            var authorization = request.Headers.GetValueOrDefault("authorization") ?? "";
            if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !AcceptsToken(authorization["Bearer ".Length..]))
                return (401, "application/json", "{\"status\":401,\"error\":\"Unauthorized\"}");
            if (forced.TryGetValue(endpoint, out int code)) return (code, "application/json", "{\"error\":\"forced\"}");
            var file = files[endpoint];
            return (200, file.EndsWith(".xml", StringComparison.Ordinal) ? "application/xml" : "application/json", File.ReadAllText(Path.Combine(PayloadDirectory, file)));
        }
        return (404, "text/plain", "not found");
    }

    private static async Task<RecordedRequest?> ReadRequestAsync(Stream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        // Headers, byte by byte up to the blank line (requests are tiny).
        while (buffer.Count < 4 || !(buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0) return null;
            buffer.Add(one[0]);
        }
        var lines = Encoding.ASCII.GetString([.. buffer]).Split("\r\n");
        var first = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            int colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        var body = "";
        if (headers.TryGetValue("content-length", out var lengthText) && int.TryParse(lengthText, out int length) && length > 0)
        {
            var bytes = new byte[length];
            await stream.ReadExactlyAsync(bytes);
            body = Encoding.UTF8.GetString(bytes);
        }
        return new RecordedRequest(first[0], first[1], headers, body, 0);
    }

    private static X509Certificate2 MakeCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=envoy.local", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("envoy.local");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        // SslStream on Linux wants the key in a PKCS#12-loaded certificate.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _cloud.Stop();
        _gateway.Stop();
        _certificate.Dispose();
    }
}

/// <summary>One request the fake received, with the status it answered.</summary>
public sealed record RecordedRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, string Body, int Status);
