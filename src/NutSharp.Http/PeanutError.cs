using System.Text.Json.Serialization;

namespace NutSharp.Http;

/// <summary>PeaNUT's <c>{"error": "..."}</c> body (its answer to an unknown device).</summary>
public sealed record PeanutError([property: JsonPropertyName("error")] string Error);
