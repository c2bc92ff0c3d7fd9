using System.Buffers;
using System.Text;
using System.Text.Json;
using NutSharp.Drivers.Teleinfo;
using NutSharp.Testing;

namespace NutSharp.Tests.Teleinfo;

/// <summary>
/// The Teleinfo fixtures (tests/fixtures/teleinfo, copied from the project's shared fixtures): raw
/// byte streams and the events the reference parser produces for them, rendered as comparable lines.
/// </summary>
internal static class TeleinfoFixtures
{
    public static string Directory => Path.Combine(TestPaths.RepositoryRoot, "tests", "fixtures", "teleinfo");

    public static IEnumerable<string> Names =>
        System.IO.Directory.GetFiles(Directory, "*.bin").Select(p => Path.GetFileNameWithoutExtension(p)).Order(StringComparer.Ordinal);

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(Directory, name + ".bin"));

    public static TeleinfoMode Mode(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, name + ".expected.json")));
        return json.RootElement.GetProperty("mode").GetString() == "standard" ? TeleinfoMode.Standard : TeleinfoMode.Historic;
    }

    /// <summary>The reference events of a fixture, one line each.</summary>
    public static List<string> ExpectedEvents(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, name + ".expected.json")));
        var lines = new List<string>();
        foreach (var e in json.RootElement.GetProperty("events").EnumerateArray())
        {
            if (e.GetProperty("event").GetString() == "frame")
            {
                lines.Add(FrameLine(e.GetProperty("groups").EnumerateArray().Select(g => new TeleinfoGroup(
                    g.GetProperty("label").GetString()!,
                    g.GetProperty("value").GetString()!,
                    g.GetProperty("horodate").GetString(),
                    g.GetProperty("checksum").GetString()![0],
                    g.GetProperty("valid").GetBoolean()))));
                continue;
            }
            var details = e.EnumerateObject().Where(p => p.Name is not "event" and not "kind")
                .OrderBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => $"{p.Name}={(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())}");
            lines.Add(string.Join(" ", ["error", e.GetProperty("kind").GetString()!, .. details]));
        }
        return lines;
    }

    public static string FrameLine(IEnumerable<TeleinfoGroup> groups) =>
        "frame " + string.Join("; ", groups.Select(g => $"{g.Label}|{g.Value}|{g.Horodate ?? "null"}|{g.Checksum}|{(g.Valid ? "valid" : "invalid")}"));

    /// <summary>
    /// Feeds <paramref name="data"/> to a parser in the given chunks the way a PipeReader hands them
    /// over: the unused rest of one call comes back in front of the next chunk, as separate segments.
    /// </summary>
    public static List<string> Parse(TeleinfoParser parser, byte[] data, IEnumerable<int> chunkSizes)
    {
        var handler = new RecordingHandler();
        var pending = new List<byte[]>();
        int offset = 0;
        foreach (int size in chunkSizes)
        {
            pending.Add(data[offset..(offset + size)]);
            offset += size;
            var buffer = Segments.Of(pending);
            var rest = buffer.Slice(parser.Parse(buffer, handler));
            pending = [.. rest.ToArray() is { Length: > 0 } kept ? [kept] : Array.Empty<byte[]>()];
        }
        Assert.That(offset, Is.EqualTo(data.Length), "chunks must cover the data");
        return handler.Lines;
    }

    public sealed class RecordingHandler : ITeleinfoHandler
    {
        public List<string> Lines { get; } = [];

        public List<List<TeleinfoGroup>> Frames { get; } = [];

        public void OnFrame(IReadOnlyList<TeleinfoGroup> groups)
        {
            Frames.Add([.. groups]);
            Lines.Add(FrameLine(groups));
        }

        public void OnError(in TeleinfoError error)
        {
            var sb = new StringBuilder("error ").Append(SnakeCase(error.Kind.ToString()));
            switch (error.Kind)
            {
                case TeleinfoErrorKind.FrameTruncated or TeleinfoErrorKind.FrameInterrupted: sb.Append(" groups=").Append(error.Groups); break;
                case TeleinfoErrorKind.BadChecksum: sb.Append(" label=").Append(error.Text); break;
                case TeleinfoErrorKind.ByteOutsideGroup: sb.Append(" byte=").Append(error.Byte); break;
                case TeleinfoErrorKind.StrayCr: break;
                default: sb.Append(" text=").Append(error.Text); break;
            }
            Lines.Add(sb.ToString());
        }

        private static string SnakeCase(string name) =>
            string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
    }

    /// <summary>A multi-segment sequence over several arrays, as a pipe holds them.</summary>
    private sealed class Segments : ReadOnlySequenceSegment<byte>
    {
        private Segments(byte[] data, long runningIndex)
        {
            Memory = data;
            RunningIndex = runningIndex;
        }

        public static ReadOnlySequence<byte> Of(List<byte[]> arrays)
        {
            if (arrays.Count == 0) return ReadOnlySequence<byte>.Empty;
            var first = new Segments(arrays[0], 0);
            var last = first;
            foreach (var array in arrays.Skip(1))
            {
                var next = new Segments(array, last.RunningIndex + last.Memory.Length);
                last.Next = next;
                last = next;
            }
            return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        }
    }
}
