namespace NutSharp.Drivers.Teleinfo;

/// <summary>Receives what <see cref="TeleinfoParser"/> finds, in stream order.</summary>
public interface ITeleinfoHandler
{
    /// <summary>
    /// A frame ended with ETX. <paramref name="groups"/> holds every group decoded in it, valid or
    /// not; the list belongs to the parser and is reused for the next frame, so copy what you keep.
    /// </summary>
    void OnFrame(IReadOnlyList<TeleinfoGroup> groups);

    void OnError(in TeleinfoError error);
}
