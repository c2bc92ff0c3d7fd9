namespace NutSharp.Config;

/// <summary>
/// Reads ups.conf: <c>[name]</c> sections holding <c>key = value</c> lines and bare flags, with
/// the acceptance of upsd 2.8.0 (common/upsconf.c and server/conf.c). upsd itself needs only
/// driver, port and desc; every usable line is kept in <see cref="UpsSection.Options"/> for the
/// built-in drivers. Lines upsd skips without a word (no '=', a lone '=', words after the value)
/// are skipped here too, with a warning naming the file and line; the values are never echoed,
/// since driver options can hold passwords (SNMP, network UPSes).
/// </summary>
public static class UpsConfReader
{
    public static UpsConf Read(string path)
    {
        var warnings = new List<ConfigWarning>();
        return Parse(ConfigLineReader.Read(ConfigLineReader.ReadFileBytes(path), path, warnings), path, warnings);
    }

    public static UpsConf Parse(string text, string fileName)
    {
        var warnings = new List<ConfigWarning>();
        return Parse(ConfigLineReader.Read(text, fileName, warnings), fileName, warnings);
    }

    private static UpsConf Parse(List<ConfigLine> lines, string fileName, List<ConfigWarning> warnings)
    {
        var globals = new List<KeyValuePair<string, string?>>();
        var sections = new List<SectionBuilder>();
        SectionBuilder? current = null;

        foreach (var line in lines)
        {
            void Warn(string message) => warnings.Add(new ConfigWarning(fileName, line.Number, message));

            if (line.IsSectionHeader)
            {
                current = OpenSection(line.SectionName, line.Number, sections);
                if (line.Count > 1)
                    Warn($"the words after the section header [{current.Name}] are ignored, as upsd ignores them");
                continue;
            }

            if (ParseOption(line, Warn) is not { } option) continue;
            if (current is null)
            {
                // upsd ignores the global part (2.8.0); drivers and upsdrvctl read it.
                globals.Add(option);
                continue;
            }

            // upsd 2.8.0 runs xstrdup(NULL) on a bare driver/port/desc flag inside a section and
            // dies with SIGSEGV; refusing with a message is the same verdict, said plainly.
            if (option.Value is null && option.Key is "driver" or "port" or "desc")
                throw new ConfigException(fileName, line.Number,
                    $"'{option.Key}' needs a value: '{option.Key} = ...' (upsd 2.8.0 crashes on a bare '{option.Key}')");

            current.Options.Add(option);
            // Later lines win, as in upsd (it frees the old value and keeps the new one).
            switch (option.Key)
            {
                case "driver": current.Driver = option.Value; break;
                case "port": current.Port = option.Value; break;
                case "desc": current.Description = option.Value; break;
            }
        }

        var devices = SelectDevices(sections, fileName, warnings);
        ConfigLineReader.SortByLine(warnings);
        return new UpsConf(devices, globals, warnings);
    }

    /// <summary>
    /// Sections become devices as in upsd's upsconf_add: it walks its list newest section first,
    /// skips incomplete ones, and refuses a name already in use without regard to case. So of two
    /// sections whose names differ only in case, the one further down the file is kept.
    /// </summary>
    private static List<UpsSection> SelectDevices(List<SectionBuilder> sections, string fileName, List<ConfigWarning> warnings)
    {
        var kept = new List<SectionBuilder>();
        for (int i = sections.Count - 1; i >= 0; i--)
        {
            var section = sections[i];
            if (section.Driver is null || section.Port is null)
            {
                string missing = section.Driver is null && section.Port is null ? "driver and port"
                    : section.Driver is null ? "driver" : "port";
                // upsd says nothing about a section that has no line at all; NutSharp still does.
                warnings.Add(new ConfigWarning(fileName, section.Line,
                    $"ignoring incomplete configuration for UPS [{section.Name}]: no {missing}"));
                continue;
            }
            if (kept.Find(k => string.Equals(k.Name, section.Name, StringComparison.OrdinalIgnoreCase)) is { } later)
            {
                warnings.Add(new ConfigWarning(fileName, section.Line,
                    $"UPS [{section.Name}] is ignored: the name is already in use by [{later.Name}] (line {later.Line}); as in upsd, names are compared without case and the later section wins"));
                continue;
            }
            kept.Add(section);
        }
        kept.Reverse();
        return kept.ConvertAll(s => new UpsSection(s.Name, s.Driver, s.Port, s.Description, s.Options, s.Line));
    }

    private static SectionBuilder OpenSection(string name, int lineNumber, List<SectionBuilder> sections)
    {
        // upsd matches sections by exact name, so a repeated section simply adds to the first one.
        var existing = sections.Find(s => s.Name == name);
        if (existing is not null) return existing;
        var section = new SectionBuilder(name, lineNumber);
        sections.Add(section);
        return section;
    }

    /// <summary>
    /// <c>key = value</c> (only the first word after '=' counts, as in upsd) or a bare flag; null
    /// for a line upsd skips.
    /// </summary>
    private static KeyValuePair<string, string?>? ParseOption(ConfigLine line, Action<string> warn)
    {
        if (line.Count == 1) return new(line[0], null);
        if (line.Count == 2 || line[1] != "=")
        {
            warn(line.Count == 2 && line[1] == "="
                ? "'name =' without a value; the line is ignored, as upsd ignores it"
                : "expected 'name = value' or a single flag word; the line is ignored, as upsd ignores it (a section name cannot contain spaces)");
            return null;
        }
        if (line.Count > 3)
            warn("only the first word after '=' is used, as in upsd; quote a value that has spaces");
        return new(line[0], line[2]);
    }

    private sealed class SectionBuilder(string name, int line)
    {
        public string Name { get; } = name;
        public int Line { get; } = line;
        public string? Driver { get; set; }
        public string? Port { get; set; }
        public string? Description { get; set; }
        public List<KeyValuePair<string, string?>> Options { get; } = [];
    }
}
