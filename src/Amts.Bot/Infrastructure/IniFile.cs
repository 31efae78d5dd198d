using System.Text;
using Amts.Bot.Errors;

namespace Amts.Bot.Infrastructure;

/// <summary>One value of an INI file as written (before interpolation), with the line its key is on
/// (1-based).</summary>
internal sealed record IniEntry(string Section, string Key, string RawValue, int Line);

/// <summary>An INI file that its reader would refuse too; the message names the file and line.</summary>
internal sealed class IniFormatException(string path, int line, string message, string? hint = null)
    : AmtsException(ErrorKind.UserInput, $"{path}:{line}: {message}", hint)
{
    public string FilePath { get; } = path;
    public int Line { get; } = line;
}

/// <summary>
/// An INI file read by the rules of Python's <c>configparser.ConfigParser()</c> with its default settings, which is
/// how d2lbook reads a book's <c>config.ini</c> (d2lbook/config.py: <c>configparser.ConfigParser()</c>, then
/// <c>read</c>). The rules implemented, from configparser's documentation ("Supported INI File Structure") and the
/// defaults of its constructor (delimiters <c>=</c> and <c>:</c>, comment_prefixes <c>#</c> and <c>;</c>, no
/// inline_comment_prefixes, strict, empty_lines_in_values, optionxform <c>str.lower</c>, BasicInterpolation):
/// <list type="bullet">
/// <item>A line whose first non-blank character is <c>#</c> or <c>;</c> is a comment, also between the lines of a
/// value; a <c>#</c> after other text is part of the value (no inline comments).</item>
/// <item><c>[name]</c> starts a section (names are case-sensitive; <c>[DEFAULT]</c> gives every section its keys). A
/// section given twice in one file is an error.</item>
/// <item><c>key = value</c> or <c>key: value</c>, split at the first delimiter; the key is stripped and lower-cased,
/// the value stripped. A key given twice in one section is an error; so is a line without a delimiter, a key-less
/// line and any key before the first section.</item>
/// <item>A continuation: a line indented deeper than the line of the key being read adds a line to its value (stripped,
/// joined with a newline). Blank lines inside a value are kept; those at its end are dropped.</item>
/// <item>On reading a value, <c>%%</c> is one <c>%</c> and <c>%(key)s</c> is another key of the same section (or of
/// DEFAULT); any other <c>%</c> is an error.</item>
/// </list>
/// </summary>
internal sealed class IniFile
{
    public const string DefaultSection = "DEFAULT";
    const int MaxInterpolationDepth = 10; // configparser's MAX_INTERPOLATION_DEPTH

    readonly Dictionary<string, Dictionary<string, IniEntry>> sections = new(StringComparer.Ordinal);
    readonly List<string> order = [];

    IniFile(string path) => Path = path;

    /// <summary>The name the errors give the file (e.g. <c>config.ini</c> or <c>d2l-ai/d2l-zh
    /// config.ini</c>).</summary>
    public string Path { get; }

    /// <summary>The sections in file order, without DEFAULT (as configparser's <c>sections()</c>).</summary>
    public IReadOnlyList<string> Sections => order;

    public bool HasSection(string section) => sections.ContainsKey(section);

    /// <summary>The entry of <paramref name="key"/> in <paramref name="section"/>, else in DEFAULT; null when neither
    /// has it.</summary>
    public IniEntry? Entry(string section, string key)
    {
        key = key.ToLowerInvariant();
        if (sections.TryGetValue(section, out var keys) && keys.TryGetValue(key, out var entry))
            return entry;
        return sections.TryGetValue(DefaultSection, out var defaults) && defaults.TryGetValue(key, out var fallback)
            ? fallback
            : null;
    }

    /// <summary>The value as configparser's <c>get</c> returns it (interpolated), or null when the key is
    /// absent.</summary>
    public string? Get(string section, string key) =>
        Entry(section, key) is { } entry ? Interpolate(section, entry, 1) : null;

    string Interpolate(string section, IniEntry entry, int depth)
    {
        var value = entry.RawValue;
        if (!value.Contains('%', StringComparison.Ordinal))
            return value;
        if (depth > MaxInterpolationDepth)
            throw new IniFormatException(
                Path,
                entry.Line,
                $"the value of '{entry.Key}' refers to other keys more than {MaxInterpolationDepth} levels deep (a "
                    + "loop of %(...)s references?)"
            );
        var sb = new StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] != '%')
            {
                sb.Append(value[i]);
                continue;
            }
            char next = i + 1 < value.Length ? value[i + 1] : '\0';
            if (next == '%')
            {
                sb.Append('%');
                i++;
                continue;
            }
            int close = next == '(' ? value.IndexOf(')', i + 2) : -1;
            if (close > i + 2 && close + 1 < value.Length && value[close + 1] == 's')
            {
                var name = value[(i + 2)..close];
                var target = Entry(section, name)
                    ?? throw new IniFormatException(
                        Path,
                        entry.Line,
                        $"'{entry.Key}' refers to '%({name})s', which [{section}] does not have",
                        "define it, or write a literal % as %%"
                    );
                sb.Append(Interpolate(section, target, depth + 1));
                i = close + 1;
                continue;
            }
            throw new IniFormatException(
                Path,
                entry.Line,
                "'%' must be followed by '%' or '(' (configparser's interpolation)",
                "write a literal % as %%"
            );
        }
        return sb.ToString();
    }

    /// <summary>Reads the text of an INI file; the first line that configparser would refuse is an error naming
    /// <paramref name="path"/> and the line.</summary>
    public static IniFile Parse(string text, string path)
    {
        var file = new IniFile(path);
        var values = new Dictionary<IniEntry, List<string>>(ReferenceEqualityComparer.Instance);
        var sectionLines = new Dictionary<string, int>(StringComparer.Ordinal);
        string? section = null;
        Dictionary<string, IniEntry>? keys = null;
        List<string>? value = null;
        int keyIndent = 0;
        var lines = text.TrimStart('\uFEFF').Split('\n');
        for (int n = 1; n <= lines.Length; n++)
        {
            var line = lines[n - 1].TrimEnd('\r');
            var stripped = line.Trim();
            if (stripped.StartsWith('#') || stripped.StartsWith(';'))
                continue;
            if (stripped.Length == 0)
            {
                value?.Add("");
                continue;
            }
            int indent = line.Length - line.TrimStart().Length;
            if (value != null && indent > keyIndent)
            {
                value.Add(stripped);
                continue;
            }
            value = null;
            int close = stripped.LastIndexOf(']');
            if (stripped[0] == '[' && close > 1)
            {
                section = stripped[1..close];
                if (!sectionLines.TryAdd(section, n))
                    throw new IniFormatException(
                        path,
                        n,
                        $"section [{section}] is given twice (first on line {sectionLines[section]})",
                        "merge the two sections"
                    );
                keys = new Dictionary<string, IniEntry>(StringComparer.Ordinal);
                file.sections[section] = keys;
                if (section != DefaultSection)
                    file.order.Add(section);
                continue;
            }
            if (keys == null || section == null)
                throw new IniFormatException(
                    path,
                    n,
                    $"'{stripped}' comes before any [section] header",
                    "start the file with a section such as [project]"
                );
            int delimiter = stripped.IndexOfAny(['=', ':']);
            if (delimiter < 0)
                throw new IniFormatException(
                    path,
                    n,
                    $"'{stripped}' is not a 'key = value' line, a [section] header, a comment or a continuation "
                        + "(indented deeper than its key)"
                );
            var key = stripped[..delimiter].TrimEnd().ToLowerInvariant();
            if (key.Length == 0)
                throw new IniFormatException(path, n, $"'{stripped}' has no key before its '{stripped[delimiter]}'");
            if (keys.TryGetValue(key, out var first))
                throw new IniFormatException(
                    path,
                    n,
                    $"key '{key}' is given twice in [{section}] (first on line {first.Line})",
                    "keep one of them"
                );
            var entry = new IniEntry(section, key, "", n);
            keys[key] = entry;
            value = [stripped[(delimiter + 1)..].Trim()];
            values[entry] = value;
            keyIndent = indent;
        }
        // The values, now that every continuation line is known: joined with newlines, blank lines at the end dropped.
        foreach (var keysOfSection in file.sections.Values)
        foreach (var (key, entry) in keysOfSection.ToList())
            keysOfSection[key] = entry with { RawValue = string.Join('\n', values[entry]).TrimEnd() };
        return file;
    }
}
