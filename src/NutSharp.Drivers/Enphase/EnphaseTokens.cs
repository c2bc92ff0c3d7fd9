using System.Runtime.Versioning;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace NutSharp.Drivers.Enphase;

/// <summary>
/// The gateway token: kept in memory and in TOKEN_FILE, usable while it has at least an hour to
/// live; otherwise Enlighten login → session id → Entrez token, saved with no newline and no
/// permissions for others, as the script does. Every failure to get one is fatal, as in the script.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class EnphaseTokens(EnphaseConfig config, IEnphaseTransport transport, IEnphaseLog log, TimeProvider time, Func<bool>? randomlyExpire = null)
{
    /// <summary>A token must outlive this, or a new one is fetched (the script's rule).</summary>
    public static readonly TimeSpan MinimumLifetime = TimeSpan.FromHours(1);

    private string? _cached;

    /// <summary>A usable token: from memory, from TOKEN_FILE, or newly fetched (then saved).</summary>
    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        var saved = _cached ?? ReadFile();
        if (saved is not null && IsUsable(saved, fresh: false))
        {
            _cached = saved;
            return saved;
        }
        _cached = null;
        Delete();
        var token = await FetchAsync(cancellationToken);
        if (!IsUsable(token, fresh: true)) throw new EnphaseFatalException($"New token invalid, verify serial# {config.Serial}");
        Save(token);
        _cached = token;
        return token;
    }

    /// <summary>The gateway refused the token (HTTP 401): forget it, in memory and on disk, so the next <see cref="GetAsync"/> fetches one.</summary>
    public void Discard()
    {
        log.Verbose("Gateway refused the token; fetching a new one");
        _cached = null;
        Delete();
    }

    private async Task<string> FetchAsync(CancellationToken cancellationToken)
    {
        var login = await transport.LoginAsync(cancellationToken);
        if (!login.Succeeded) throw new EnphaseFatalException($"Enphase login failed for user {config.Username}");
        // The script sent a missing session_id on as the word "null" (quirk Q2); MFA accounts get none.
        var sessionId = JsonValues.Text(JsonValues.TryParse(login.Body, EnphaseJsonContext.Default.LoginPayload)?.SessionId);
        if (string.IsNullOrEmpty(sessionId))
            throw new EnphaseFatalException($"Unable to retrieve session_id for user {config.Username} (is multi-factor authentication on for this account?)");
        log.Debug("session_id found");

        var answer = await transport.RequestTokenAsync(sessionId, cancellationToken);
        var token = answer.Succeeded ? answer.Body!.Trim() : "";
        if (token.Length == 0) throw new EnphaseFatalException($"Failed to acquire web_token for user {config.Username}, serial# {config.Serial}");
        log.Debug("web_token retrieved");
        return token;
    }

    private bool IsUsable(string token, bool fresh)
    {
        if (ExpiryOf(token) is not long expires)
        {
            log.Debug("token unreadable (not a JWT with an exp claim)");
            return false;
        }
        long now = time.GetUtcNow().ToUnixTimeSeconds();
        // TEST mode: a saved token is sometimes treated as expired, to exercise renewal; never a new one.
        if (!fresh && randomlyExpire is not null && randomlyExpire())
        {
            log.Debug("randomly expiring token");
            expires = now;
        }
        log.Debug($"token expires: {expires} ({DateTimeOffset.FromUnixTimeSeconds(expires):u})");
        if (expires < now + (long)MinimumLifetime.TotalSeconds)
        {
            log.Verbose(expires <= now ? "Token expired" : "Token lifetime less than 1 hour");
            return false;
        }
        return true;
    }

    /// <summary>The <c>exp</c> claim of a JWT (its middle part, base64url-decoded JSON); null if there is none.</summary>
    public static long? ExpiryOf(string token)
    {
        var parts = token.Split('.');
        if (parts.Length < 2 || parts[1].Length == 0) return null;
        byte[] payload;
        try
        {
            payload = Base64Url.DecodeFromChars(parts[1].TrimEnd('='));
        }
        catch (FormatException)
        {
            return null;
        }
        TokenClaims? claims;
        try
        {
            claims = JsonSerializer.Deserialize(payload, EnphaseJsonContext.Default.TokenClaims);
        }
        catch (JsonException)
        {
            return null;
        }
        var text = JsonValues.Number(claims?.Exp);
        return text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double exp) && double.IsFinite(exp)
            ? (long)exp
            : null;
    }

    private string? ReadFile()
    {
        var path = config.TokenFile;
        if (!SecretFileChecks.IsReadableFile(path)) return null;
        SecretFileChecks.CheckFile("token", path);
        log.Debug($"loading token from {path}");
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return text.Length == 0 ? null : text;
    }

    private void Delete()
    {
        try
        {
            if (File.Exists(config.TokenFile)) File.Delete(config.TokenFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Warn($"cannot remove the old token file {config.TokenFile}: {e.Message}");
        }
    }

    /// <summary>
    /// Saved as the script saves it (no trailing newline, nothing for others), but written to a
    /// temporary file first and renamed, so a crash never leaves half a token.
    /// </summary>
    private void Save(string token)
    {
        var path = config.TokenFile;
        var directory = SecretFileChecks.DirectoryOf(path);
        if (!SecretFileChecks.IsWritableDirectory(directory)) throw new EnphaseFatalException($"Token directory '{directory}' not writable");
        SecretFileChecks.CheckDirectory("token", directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead,
            };
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(token));
                stream.Flush(flushToDisk: true);
            }
            // An existing temporary file keeps its mode: make sure others have nothing.
            File.SetUnixFileMode(temporary, File.GetUnixFileMode(temporary) & ~(UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw new EnphaseFatalException($"Unable to create token file '{path}'");
        }
        log.Debug($"Saved new token to {path}");
    }
}
