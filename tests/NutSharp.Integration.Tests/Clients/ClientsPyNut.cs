using System.Text.Json;
using NutSharp.Testing;

namespace NutSharp.Integration.Tests.Clients;

/// <summary>What one PyNUTClient method call returned: its result, or the exception it raised.</summary>
public sealed record ClientsPyNutOutcome(JsonElement? Result, string? Error, string Message, ClientsProcessResult Run)
{
    public override string ToString() => Run.ToString();
}

/// <summary>
/// Calls one method of Debian's PyNUTClient (python3-nut, PyNUT 1.4.0) on a fresh client, as an
/// application would, with /usr/bin/python3 (the module lives in its dist-packages). Bytes in the
/// result are turned into text so the outcome can be compared as JSON.
/// </summary>
public static class ClientsPyNut
{
    public const string Python = "/usr/bin/python3";

    private const string Script = """
        import json, sys
        import PyNUT

        host, port, login, password, method = sys.argv[1:6]
        args = sys.argv[6:]

        def plain(value):
            if isinstance(value, bytes):
                return value.decode("latin-1")
            if isinstance(value, dict):
                return {plain(k): plain(v) for k, v in value.items()}
            if isinstance(value, (list, tuple)):
                return [plain(v) for v in value]
            return value

        try:
            client = PyNUT.PyNUTClient(host=host, port=int(port), login=login or None, password=password or None, timeout=5)
            result = getattr(client, method)(*args)
            print(json.dumps({"result": plain(result)}))
        except Exception as e:
            print(json.dumps({"error": type(e).__name__, "message": " ".join(str(plain(a)) for a in e.args)}))
        """;

    /// <summary>Debian's python3-nut.</summary>
    public const string Module = "/usr/lib/python3/dist-packages/PyNUT.py";

    /// <summary>Stops the fixture when PyNUT is not installed (see <see cref="TestPaths.RequireInstalled"/>).</summary>
    public static void RequireInstalled() => TestPaths.RequireInstalled(Python, Module);

    /// <param name="login">Null: no USERNAME/PASSWORD is sent.</param>
    public static async Task<ClientsPyNutOutcome> CallAsync(int port, string? login, string? password, string method, params string[] arguments)
    {
        var result = await ClientsProcess.RunAsync(
            Python,
            ["-c", Script, "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture), login ?? "", password ?? "", method, .. arguments],
            environment: null,
            ClientsProcess.DefaultTimeout);
        string json = result.Stdout.Trim().Split('\n')[^1];
        if (result.ExitCode != 0 || !json.StartsWith('{')) throw new InvalidOperationException("PyNUT script failed:\n" + result);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return root.TryGetProperty("result", out var value)
            ? new ClientsPyNutOutcome(value.Clone(), null, "", result)
            : new ClientsPyNutOutcome(null, root.GetProperty("error").GetString(), root.GetProperty("message").GetString() ?? "", result);
    }
}
