namespace NutSharp.Testing;

/// <summary>A SET or INSTCMD a <see cref="FakeNutDriver"/> received, already split into its parts.</summary>
/// <param name="Kind"><c>SET</c> or <c>INSTCMD</c> (upper case).</param>
/// <param name="Name">Variable or command name as sent.</param>
/// <param name="Value">SET: the decoded value; INSTCMD: the decoded parameter, or null.</param>
/// <param name="TrackingId">The id after <c>TRACKING</c>, or null.</param>
/// <param name="RawLine">The line as received, without its newline.</param>
public sealed record FakeNutDriverRequest(string Kind, string Name, string? Value, string? TrackingId, string RawLine);
