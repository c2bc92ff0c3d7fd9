using System.Text.Json;
using NutSharp.Devices;

namespace NutSharp.Http.StatusPage;

/// <summary>
/// The page's server-sent events, one JSON object per event's <c>data</c> line:
/// <list type="bullet">
/// <item><c>device</c>: a device in full (sent for every device when the page connects, and when a
/// device is added, its link, FSD latch, commands or a variable's flags change):
/// <c>{"name", "description", "kind": "ups"|"meter", "link": "online"|"waiting"|"stale"|"not-connected",
/// "fsd", "status": {"text", "words", "severity": "ok"|"warning"|"critical"}, "time",
/// "vars": [{"name", "value", "writable", "type": "NUMBER"|"STRING", "length", "enum", "range"}], "commands": [...]}</c>;</item>
/// <item><c>update</c>: variables whose values changed: <c>{"name", "time", "link", "status",
/// "set": {"variable": "value"}, "unset": ["variable"]}</c>;</item>
/// <item><c>removed</c>: <c>{"name"}</c>, a reload took the device away.</item>
/// </list>
/// <c>time</c> is the server's clock in Unix milliseconds, so the page's chart adds points on the
/// same time axis as the history it fetched.
/// </summary>
public static class StatusEvents
{
    public const string Device = "device";
    public const string Update = "update";
    public const string Removed = "removed";

    /// <summary>
    /// Turns one read of the change feed into events, devices in the order the feed reports them:
    /// value changes only make an <c>update</c>; anything else about a device resends it whole.
    /// </summary>
    public static IEnumerable<(string Event, Action<Utf8JsonWriter> Write)> From(IReadOnlyList<DeviceChange> changes, long unixMilliseconds)
    {
        int i = 0;
        while (i < changes.Count)
        {
            var device = changes[i].Device;
            int end = i;
            while (end < changes.Count && ReferenceEquals(changes[end].Device, device) && changes[end] is not DeviceRemoved) end++;
            if (end == i)
            {
                var removed = changes[i];
                yield return (Removed, json => WriteRemoved(json, removed.Device.Name));
                i++;
                continue;
            }
            var group = new List<DeviceChange>(end - i);
            for (int k = i; k < end; k++) group.Add(changes[k]);
            var snapshot = group[^1].Snapshot;
            if (group.TrueForAll(c => c is VariableChanged v && v.OldValue != v.NewValue))
                yield return (Update, json => WriteUpdate(json, device, snapshot, group.Cast<VariableChanged>(), unixMilliseconds));
            else
                yield return (Device, json => WriteDevice(json, device, snapshot, unixMilliseconds));
            i = end;
        }
    }

    public static void WriteDevice(Utf8JsonWriter json, Device device, DeviceSnapshot snapshot, long unixMilliseconds)
    {
        json.WriteStartObject();
        json.WriteString("name", device.Name);
        if (device.Description is { } description) json.WriteString("description", description);
        else json.WriteNull("description");
        json.WriteString("kind", DeviceKinds.Of(snapshot) == DeviceKind.Meter ? "meter" : "ups");
        json.WriteBoolean("fsd", snapshot.Fsd);
        WriteState(json, snapshot, unixMilliseconds);
        json.WriteStartArray("vars");
        foreach (var variable in snapshot.Variables)
        {
            json.WriteStartObject();
            json.WriteString("name", variable.Name);
            json.WriteString("value", variable.Value);
            json.WriteBoolean("writable", variable.IsWritable);
            json.WriteString("type", variable.IsString ? "STRING" : "NUMBER");
            if (variable.IsString) json.WriteNumber("length", variable.Aux);
            if (variable.Enums.Length > 0)
            {
                json.WriteStartArray("enum");
                foreach (var value in variable.Enums) json.WriteStringValue(value);
                json.WriteEndArray();
            }
            if (variable.Ranges.Length > 0)
            {
                json.WriteStartArray("range");
                foreach (var range in variable.Ranges)
                {
                    json.WriteStartArray();
                    json.WriteNumberValue(range.Min);
                    json.WriteNumberValue(range.Max);
                    json.WriteEndArray();
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("commands");
        foreach (var command in snapshot.Commands) json.WriteStringValue(command);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteUpdate(Utf8JsonWriter json, Device device, DeviceSnapshot snapshot, IEnumerable<VariableChanged> changes, long unixMilliseconds)
    {
        json.WriteStartObject();
        json.WriteString("name", device.Name);
        WriteState(json, snapshot, unixMilliseconds);
        json.WriteStartObject("set");
        var unset = new List<string>();
        foreach (var change in changes)
        {
            if (change.NewValue is { } value) json.WriteString(change.Name, value);
            else unset.Add(change.Name);
        }
        json.WriteEndObject();
        json.WriteStartArray("unset");
        foreach (var name in unset) json.WriteStringValue(name);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteRemoved(Utf8JsonWriter json, string name)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteEndObject();
    }

    private static void WriteState(Utf8JsonWriter json, DeviceSnapshot snapshot, long unixMilliseconds)
    {
        json.WriteNumber("time", unixMilliseconds);
        json.WriteString("link", snapshot.Link switch
        {
            LinkState.Online => "online",
            LinkState.Waiting => "waiting",
            LinkState.Stale => "stale",
            _ => "not-connected",
        });
        var status = StatusWords.Describe(snapshot);
        json.WriteStartObject("status");
        json.WriteString("text", status.Summary);
        json.WriteStartArray("words");
        foreach (var word in status.Words) json.WriteStringValue(word);
        json.WriteEndArray();
        json.WriteString("severity", status.Severity switch
        {
            StatusSeverity.Ok => "ok",
            StatusSeverity.Warning => "warning",
            _ => "critical",
        });
        json.WriteEndObject();
    }
}
