using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace NutSharp.Config;

/// <summary>
/// Reads <c>nutsharp.toml</c> strictly: a TOML syntax error, an unknown table or key, a key given
/// twice or a value of the wrong type stops start-up with <c>file:line:column: what is wrong</c>.
/// A setting the server silently ignored (a misspelt key) would be worse than refusing to start.
/// <para>
/// The file is parsed with Tomlyn's syntax parser and its tree walked by hand against the schema
/// below, so no reflection is involved (NativeAOT) and every error can point at the exact key or
/// value. Tomlyn's serializer is not used: it has no way to reject unknown keys.
/// </para>
/// </summary>
public static class NutSharpSettingsReader
{
    /// <summary>The tables nutsharp.toml may hold, each with its keys. A new table goes here and in <see cref="Builder.Set"/>.</summary>
    private static readonly Dictionary<string, string[]> Schema = new(StringComparer.Ordinal)
    {
        ["drivers"] = ["builtin", "external"],
        ["server"] = ["output_budget_mb"],
        ["enphase"] = ["monitors"],
        ["http"] = ["listen", "tls_certificate", "tls_key", "require_login_for_reads", "history_size", "history_resolution_seconds"],
    };

    /// <summary>The largest output budget nutsharp.toml takes, in MB: far beyond any sensible one, far below an overflow.</summary>
    public const long MaxOutputBudgetMegabytes = 1_000_000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads <c>nutsharp.toml</c> in <paramref name="confPath"/>; without the file, every default.</summary>
    public static NutSharpSettings Load(string confPath)
    {
        string path = Path.Combine(confPath, NutSharpSettings.FileName);
        // Path.Exists is also true for a directory of that name, which then fails to read: said, not skipped.
        return Path.Exists(path) ? Read(path) : new NutSharpSettings();
    }

    /// <summary>Reads the file at <paramref name="path"/>, which must exist.</summary>
    public static NutSharpSettings Read(string path) => Parse(Decode(ConfigLineReader.ReadFileBytes(path), path), path);

    /// <summary>Parses the text of a nutsharp.toml; <paramref name="path"/> names it in errors.</summary>
    public static NutSharpSettings Parse(string text, string path)
    {
        // Syntax first: the tree of a text with syntax errors is partial.
        var document = SyntaxParser.Parse(text, path, validate: false);
        ThrowFirstError(document, path);
        var builder = new Builder(path);
        builder.Walk(document);
        // Then TOML's own rules that the walk does not check itself (e.g. a table defined both by
        // a [header] and by dotted keys), as Tomlyn's semantic validation words them.
        ThrowFirstError(SyntaxParser.Parse(text, path, validate: true), path);
        return builder.Build();
    }

    private static string Decode(byte[] bytes, string path)
    {
        try
        {
            // TOML files are UTF-8; a byte order mark is allowed and skipped.
            int start = bytes.AsSpan().StartsWith("\xEF\xBB\xBF"u8) ? 3 : 0;
            return StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException e)
        {
            int at = Math.Max(0, e.Index);
            int line = 1 + bytes.AsSpan(0, Math.Min(at, bytes.Length)).Count((byte)'\n');
            throw new ConfigException(path, line, "not valid UTF-8 (TOML files are UTF-8)");
        }
    }

    private static void ThrowFirstError(DocumentSyntax document, string path)
    {
        foreach (var message in document.Diagnostics)
            if (message.Kind == DiagnosticMessageKind.Error)
                throw Error(path, message.Span, message.Message);
    }

    private static ConfigException Error(string path, SourceSpan span, string problem) =>
        new(path, span.Start.Line + 1, span.Start.Column + 1, problem);

    /// <summary>One part of a (possibly dotted) key, with where it was written.</summary>
    private readonly record struct KeyPart(string Name, SourceSpan Span);

    /// <summary>Walks the syntax tree, checking it against <see cref="Schema"/> and collecting the settings.</summary>
    private sealed class Builder(string path)
    {
        private readonly Dictionary<string, SourceSpan> _keysSet = new(StringComparer.Ordinal);
        private readonly Dictionary<string, SourceSpan> _tableHeaders = new(StringComparer.Ordinal);
        private List<SectionReference> _builtIn = [];
        private List<SectionReference> _external = [];
        private long? _outputBudgetMegabytes;
        private List<EnphaseMonitorSetting> _enphaseMonitors = [];
        private List<HttpListenAddress> _httpListen = [];
        private ConfigFileReference? _tlsCertificate;
        private ConfigFileReference? _tlsKey;
        private bool _requireLoginForReads;
        private int? _historySize;
        private int? _historyResolutionSeconds;

        public void Walk(DocumentSyntax document)
        {
            foreach (var keyValue in document.KeyValues)
                Assign([], keyValue);
            foreach (var table in document.Tables)
            {
                var name = Parts(table.Name!);
                string joined = Join(name);
                if (table is TableArraySyntax)
                    throw Error(path, table.Name!.Span, $"[[{joined}]] is an array of tables, which nutsharp.toml does not use (write [{joined}])");
                if (name.Count != 1 || !Schema.ContainsKey(name[0].Name))
                    throw Error(path, UnknownPart(name).Span, $"unknown table [{joined}] ({KnownTables()})");
                if (_tableHeaders.TryGetValue(joined, out var first))
                    throw Error(path, table.Name!.Span, $"duplicate table [{joined}] (first at line {first.Start.Line + 1}, column {first.Start.Column + 1})");
                _tableHeaders.Add(joined, table.Name!.Span);
                foreach (var keyValue in table.Items)
                    Assign(name, keyValue);
            }
        }

        public NutSharpSettings Build()
        {
            // A certificate without its key (or the reverse) cannot serve HTTPS: said, not guessed.
            if ((_tlsCertificate is null) != (_tlsKey is null))
            {
                var given = (_tlsCertificate ?? _tlsKey)!;
                throw new ConfigException(path, given.Line, given.Column,
                    _tlsCertificate is null ? "'tls_key' in [http] needs 'tls_certificate' too" : "'tls_certificate' in [http] needs 'tls_key' too");
            }
            return new()
            {
                Path = path,
                Drivers = new DriverSettings { BuiltIn = _builtIn, External = _external },
                Server = new ServerSettings { OutputBudgetMegabytes = _outputBudgetMegabytes },
                Enphase = new EnphaseSettings { Monitors = _enphaseMonitors },
                Http = new HttpSettings
                {
                    Listen = _httpListen,
                    TlsCertificate = _tlsCertificate,
                    TlsKey = _tlsKey,
                    RequireLoginForReads = _requireLoginForReads,
                    HistorySize = _historySize,
                    HistoryResolutionSeconds = _historyResolutionSeconds,
                },
            };
        }

        private void Assign(IReadOnlyList<KeyPart> table, KeyValueSyntax keyValue) =>
            Assign([.. table, .. Parts(keyValue.Key!)], keyValue.Value!);

        private void Assign(List<KeyPart> key, ValueSyntax value)
        {
            var table = key[0];
            if (!Schema.TryGetValue(table.Name, out var keys))
                throw Error(path, table.Span, key.Count == 1 && value is not InlineTableSyntax
                    ? $"unknown key '{table.Name}' ({KnownTables()})"
                    : $"unknown table [{table.Name}] ({KnownTables()})");
            if (key.Count == 1)
            {
                // drivers = { builtin = [...] } is the same table written inline.
                if (value is not InlineTableSyntax inline)
                    throw Error(path, value.Span, $"'{table.Name}' is a table: write [{table.Name}] and its keys on the lines below it; found {Describe(value)}");
                foreach (var item in inline.Items)
                    Assign(key, item.KeyValue!);
                return;
            }

            var name = key[1];
            if (!keys.Contains(name.Name, StringComparer.Ordinal))
                throw Error(path, name.Span, $"unknown key '{name.Name}' in [{table.Name}] (it takes {Enumerate(keys)})");
            if (key.Count > 2)
                throw Error(path, key[2].Span, $"'{name.Name}' in [{table.Name}] is a value, not a table");

            string full = Join(key);
            if (_keysSet.TryGetValue(full, out var first))
                throw Error(path, name.Span, $"duplicate key '{name.Name}' in [{table.Name}] (first set at line {first.Start.Line + 1}, column {first.Start.Column + 1})");
            _keysSet.Add(full, name.Span);
            Set(full, name.Name, value);
        }

        /// <summary>Stores one known key's value: the one place that knows what each key holds.</summary>
        private void Set(string key, string name, ValueSyntax value)
        {
            switch (key)
            {
                case "drivers.builtin": _builtIn = SectionNames(name, value); break;
                case "drivers.external": _external = SectionNames(name, value); break;
                case "server.output_budget_mb": _outputBudgetMegabytes = WholeNumber(name, value, MaxOutputBudgetMegabytes, "megabytes", example: "32"); break;
                case "enphase.monitors": _enphaseMonitors = EnphaseMonitors(name, value); break;
                case "http.listen": _httpListen = ListenAddresses(name, value); break;
                case "http.tls_certificate": _tlsCertificate = FileReference(name, value); break;
                case "http.tls_key": _tlsKey = FileReference(name, value); break;
                case "http.require_login_for_reads": _requireLoginForReads = Boolean(name, value); break;
                case "http.history_size": _historySize = (int)WholeNumber(name, value, HttpSettings.MaxHistorySize, "samples"); break;
                case "http.history_resolution_seconds": _historyResolutionSeconds = (int)WholeNumber(name, value, HttpSettings.MaxHistoryResolutionSeconds, "seconds"); break;
                default: throw new InvalidOperationException($"schema key {key} has no setter");
            }
        }

        private List<SectionReference> SectionNames(string key, ValueSyntax value)
        {
            if (value is not ArraySyntax array)
                throw Error(path, value.Span, $"'{key}' takes a list of section names, e.g. {key} = [\"ups1\", \"ups2\"] or [\"*\"]; found {Describe(value)}");
            var names = new List<SectionReference>();
            foreach (var item in array.Items)
            {
                var element = item.Value!;
                if (element is not StringValueSyntax text)
                    throw Error(path, element.Span, $"'{key}' takes section names in quotes, e.g. \"ups1\"; found {Describe(element)}");
                if (string.IsNullOrEmpty(text.Value))
                    throw Error(path, element.Span, $"'{key}' holds an empty section name");
                names.Add(new SectionReference(text.Value, element.Span.Start.Line + 1, element.Span.Start.Column + 1));
            }
            return names;
        }

        /// <summary><c>monitors = [{ section = "gw" }, { section = "gw2", config = "/etc/nut/gw2.conf" }]</c>.</summary>
        private List<EnphaseMonitorSetting> EnphaseMonitors(string key, ValueSyntax value)
        {
            const string Example = "e.g. monitors = [{ section = \"gw\", config = \"enphase-gw.conf\" }]";
            if (value is not ArraySyntax array)
                throw Error(path, value.Span, $"'{key}' takes a list of monitors, {Example}; found {Describe(value)}");
            var monitors = new List<EnphaseMonitorSetting>();
            foreach (var item in array.Items)
            {
                var element = item.Value!;
                if (element is not InlineTableSyntax table)
                    throw Error(path, element.Span, $"'{key}' takes monitors written {{ section = ..., config = ... }}, {Example}; found {Describe(element)}");
                string? section = null, config = null;
                foreach (var entry in table.Items)
                {
                    var keyValue = entry.KeyValue!;
                    var field = Parts(keyValue.Key!);
                    var fieldValue = keyValue.Value!;
                    if (field.Count != 1 || field[0].Name is not ("section" or "config"))
                        throw Error(path, field[0].Span, $"unknown key '{Join(field)}' in a monitor of '{key}' (it takes section and config)");
                    if (fieldValue is not StringValueSyntax text || string.IsNullOrEmpty(text.Value))
                        throw Error(path, fieldValue.Span, $"'{field[0].Name}' takes a non-empty string in quotes; found {Describe(fieldValue)}");
                    if (field[0].Name == "section" ? section is not null : config is not null)
                        throw Error(path, field[0].Span, $"duplicate key '{field[0].Name}' in a monitor of '{key}'");
                    if (field[0].Name == "section") section = text.Value;
                    else config = text.Value;
                }
                if (section is null) throw Error(path, element.Span, $"a monitor of '{key}' needs the section it feeds: {{ section = \"gw\" }}");
                if (monitors.Any(m => m.Section == section))
                    throw Error(path, element.Span, $"section '{section}' has two monitors in '{key}'");
                monitors.Add(new EnphaseMonitorSetting(section, config, element.Span.Start.Line + 1, element.Span.Start.Column + 1));
            }
            return monitors;
        }

        private List<HttpListenAddress> ListenAddresses(string key, ValueSyntax value)
        {
            const string Example = "e.g. listen = [\"127.0.0.1:8080\", \"[::1]:8080\"]";
            if (value is not ArraySyntax array)
                throw Error(path, value.Span, $"'{key}' takes a list of addresses with ports, {Example}; found {Describe(value)}");
            var addresses = new List<HttpListenAddress>();
            foreach (var item in array.Items)
            {
                var element = item.Value!;
                if (element is not StringValueSyntax text)
                    throw Error(path, element.Span, $"'{key}' takes addresses in quotes, {Example}; found {Describe(element)}");
                var address = ParseListenAddress(text.Value ?? "")
                    ?? throw Error(path, element.Span, $"'{key}' holds \"{text.Value}\", which is not an IP address and port (IPv4 as 127.0.0.1:8080, IPv6 in brackets as [::1]:8080, 0.0.0.0 or [::] for every address)");
                var (ip, port) = address;
                var entry = new HttpListenAddress(ip, port, text.Value!, path, element.Span.Start.Line + 1, element.Span.Start.Column + 1);
                if (addresses.Find(a => a.EndPoint.Equals(entry.EndPoint)) is { } twice)
                    throw Error(path, element.Span, $"'{key}' holds {entry.EndPoint} twice (first at line {twice.Line}, column {twice.Column})");
                addresses.Add(entry);
            }
            return addresses;
        }

        /// <summary>"a.b.c.d:port" or "[v6]:port"; null when it is neither.</summary>
        private static (IPAddress Address, int Port)? ParseListenAddress(string text)
        {
            int colon = text.LastIndexOf(':');
            if (colon <= 0) return null;
            string host = text[..colon];
            if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
                return null;
            bool bracketed = host.StartsWith('[') && host.EndsWith(']');
            if (bracketed) host = host[1..^1];
            if (!IPAddress.TryParse(host, out var address)) return null;
            // IPv6 must be bracketed (its own colons would be ambiguous with the port's), IPv4 must not be.
            bool v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
            if (v6 != bracketed) return null;
            // IPAddress.TryParse also takes forms like "1" or "0x7f.1"; only the dotted quad is an IPv4 address here.
            if (!v6 && host.Count(c => c == '.') != 3) return null;
            return (address, port);
        }

        private ConfigFileReference FileReference(string key, ValueSyntax value)
        {
            if (value is not StringValueSyntax text || string.IsNullOrEmpty(text.Value))
                throw Error(path, value.Span, $"'{key}' takes a file name in quotes, e.g. {key} = \"/etc/nut/nutsharp.pem\"; found {(value is StringValueSyntax ? "an empty string" : Describe(value))}");
            // Relative names are taken from nutsharp.toml's own directory (NUT_CONFPATH), not the working directory.
            string file = System.IO.Path.GetFullPath(text.Value, System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? "/");
            return new ConfigFileReference(file, path, value.Span.Start.Line + 1, value.Span.Start.Column + 1);
        }

        private bool Boolean(string key, ValueSyntax value) => value is BooleanValueSyntax flag
            ? flag.Value
            : throw Error(path, value.Span, $"'{key}' takes true or false; found {Describe(value)}");

        private long WholeNumber(string key, ValueSyntax value, long max, string unit, string? example = null)
        {
            if (value is not IntegerValueSyntax number)
                throw Error(path, value.Span, $"'{key}' takes a whole number of {unit}{(example is null ? "" : $", e.g. {key} = {example}")}; found {Describe(value)}");
            if (number.Value < 0 || number.Value > max)
                throw Error(path, value.Span, $"'{key}' must be from 0 to {max} ({unit}); found {number.Value}");
            return number.Value;
        }

        private static List<KeyPart> Parts(KeySyntax key)
        {
            var parts = new List<KeyPart> { Part(key.Key!) };
            foreach (var dotted in key.DotKeys)
                parts.Add(Part(dotted.Key!));
            return parts;
        }

        private static KeyPart Part(BareKeyOrStringValueSyntax part) => part switch
        {
            BareKeySyntax bare => new KeyPart(bare.Key!.Text ?? "", bare.Span),
            StringValueSyntax quoted => new KeyPart(quoted.Value ?? "", quoted.Span),
            _ => throw new InvalidOperationException($"unexpected key syntax {part.GetType().Name}"),
        };

        /// <summary>The first part of a table name that leaves the schema.</summary>
        private static KeyPart UnknownPart(List<KeyPart> name) =>
            Schema.ContainsKey(name[0].Name) && name.Count > 1 ? name[1] : name[0];

        /// <summary>"a", "a and b", "a, b and c".</summary>
        private static string Enumerate(string[] keys) =>
            keys.Length <= 2 ? string.Join(" and ", keys) : string.Join(", ", keys[..^1]) + " and " + keys[^1];

        private static string Join(IEnumerable<KeyPart> parts) => string.Join('.', parts.Select(p => p.Name));

        private static string KnownTables() =>
            "nutsharp.toml has " + string.Join(", ", Schema.Keys.Select(t => $"[{t}]"));

        private static string Describe(ValueSyntax value) => value switch
        {
            StringValueSyntax => "a string",
            IntegerValueSyntax => "an integer",
            FloatValueSyntax => "a number",
            BooleanValueSyntax => "a boolean",
            DateTimeValueSyntax => "a date",
            ArraySyntax => "a list",
            InlineTableSyntax => "a table",
            _ => "a " + value.Kind,
        };
    }
}
