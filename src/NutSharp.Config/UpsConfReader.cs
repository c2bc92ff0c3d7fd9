namespace NutSharp.Config;

/// <summary>
/// Reads ups.conf: <c>[name]</c> sections holding <c>key = value</c> lines and bare flags.
/// upsd itself needs only driver, port and desc; every line is kept in
/// <see cref="UpsSection.Options"/> for the built-in drivers.
/// </summary>
public static class UpsConfReader
{
    public static UpsConf Read(string path) =>
        Parse(ConfigLineReader.Read(ConfigLineReader.ReadFileBytes(path), path), path);

    public static UpsConf Parse(string text, string fileName) =>
        Parse(ConfigLineReader.Read(text, fileName), fileName);

    private static UpsConf Parse(List<ConfigLine> lines, string fileName)
    {
        var globals = new List<KeyValuePair<string, string?>>();
        var sections = new List<SectionBuilder>();
        var warnings = new List<ConfigWarning>();
        SectionBuilder? current = null;

        foreach (var line in lines)
        {
            if (line.IsSectionHeader)
            {
                current = OpenSection(line, sections, warnings, fileName);
                continue;
            }

            var option = ParseOption(line, fileName);
            if (current is null)
            {
                globals.Add(option);
                continue;
            }

            current.Options.Add(option);
            // Later lines win, as in upsd (it frees the old value and keeps the new one).
            switch (option.Key)
            {
                case "driver": current.Driver = option.Value; break;
                case "port": current.Port = option.Value; break;
                case "desc": current.Description = option.Value; break;
            }
        }

        var devices = new List<UpsSection>();
        foreach (var section in sections)
        {
            if (section.Driver is null || section.Port is null)
            {
                string missing = section.Driver is null && section.Port is null ? "driver and port"
                    : section.Driver is null ? "driver" : "port";
                warnings.Add(new ConfigWarning(fileName, section.Line,
                    $"ignoring incomplete configuration for UPS [{section.Name}]: no {missing}"));
                continue;
            }
            devices.Add(new UpsSection(section.Name, section.Driver, section.Port, section.Description,
                section.Options, section.Line));
        }

        return new UpsConf(devices, globals, warnings);
    }

    private static SectionBuilder OpenSection(
        ConfigLine line, List<SectionBuilder> sections, List<ConfigWarning> warnings, string fileName)
    {
        string name = line.SectionName;
        if (name.Length == 0) throw new ConfigException(fileName, line.Number, "empty UPS name '[]'");
        if (line.Count > 1)
            warnings.Add(new ConfigWarning(fileName, line.Number,
                $"ignoring '{line.Joined(1)}' after section header [{name}]"));

        foreach (var existing in sections)
        {
            if (existing.Name == name)
            {
                // upsd and upsdrvctl match sections by exact name, so a repeated section simply
                // adds to the first one.
                warnings.Add(new ConfigWarning(fileName, line.Number,
                    $"section [{name}] repeated (first at line {existing.Line}); its settings are added to the first one"));
                return existing;
            }
            if (string.Equals(existing.Name, name, StringComparison.OrdinalIgnoreCase))
                throw new ConfigException(fileName, line.Number,
                    $"UPS name [{name}] is already in use as [{existing.Name}] (line {existing.Line}); UPS names are compared without case");
        }

        var section = new SectionBuilder(name, line.Number);
        sections.Add(section);
        return section;
    }

    /// <summary><c>key = value [more words]</c> or a bare flag.</summary>
    private static KeyValuePair<string, string?> ParseOption(ConfigLine line, string fileName)
    {
        if (line[0] == "=")
            throw new ConfigException(fileName, line.Number, $"'=' without a name before it: '{line.Joined()}'");
        if (line.Count == 1)
        {
            if (line[0] is "driver" or "port" or "desc")
                throw new ConfigException(fileName, line.Number, $"'{line[0]}' needs a value: '{line[0]} = ...'");
            return new(line[0], null);
        }
        if (line[1] != "=")
            throw new ConfigException(fileName, line.Number,
                $"expected 'name = value' or a single flag word, got '{line.Joined()}'");
        if (line.Count == 2)
            throw new ConfigException(fileName, line.Number, $"'{line[0]} =' has no value");
        return new(line[0], line.Joined(2));
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
