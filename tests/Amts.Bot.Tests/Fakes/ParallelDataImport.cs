using System.Xml.Linq;

namespace Amts.Bot.Tests.Fakes;

/// <summary>
/// How the fake Amazon Translate imports a parallel data file, by the rules of the Developer Guide ("Parallel data
/// input files"): a header row of language codes; one record per line; in CSV a field with a comma, in TSV a field
/// with a tab, is enclosed in double quotes; a double quote inside a field is doubled; fields may not start with
/// + - = @ (such records fail); TMX needs a header with srclang and translation units. A file that breaks the
/// format fails the whole import with a message, as the service's FAILED status does.
/// </summary>
public static class ParallelDataImport
{
    public static (bool Ok, long Records, long Failed, string? Message) Check(string file, string format)
    {
        if (format == "TMX")
            return CheckTmx(file);
        char separator =
            format == "CSV" ? ','
            : format == "TSV" ? '\t'
            : '\0';
        if (separator == '\0')
            return (false, 0, 0, $"Unsupported parallel data format {format}.");
        var lines = file.Replace("\r\n", "\n").Split('\n');
        if (lines.Length == 0 || lines[0].Trim().Length == 0)
            return (false, 0, 0, "The input file has no header row of language codes.");
        int columns = lines[0].Split(separator).Length;
        long records = 0,
            failed = 0;
        for (int n = 1; n < lines.Length; n++)
        {
            if (lines[n].Length == 0)
                continue;
            var fields = Parse(lines[n], separator, out var error);
            if (error != null)
                return (false, 0, 0, $"Line {n + 1} of the input file is malformed: {error}.");
            if (fields.Count != columns)
                return (
                    false,
                    0,
                    0,
                    $"Line {n + 1} of the input file has {fields.Count} fields; the header has {columns}."
                );
            if (fields.Any(f => f.Length > 0 && f[0] is '+' or '-' or '=' or '@'))
            {
                failed++;
                continue;
            }
            records++;
        }
        return (true, records, failed, null);
    }

    /// <summary>The fields of one record, by the documented quoting, or an error.</summary>
    public static List<string> Parse(string line, char separator, out string? error)
    {
        var fields = new List<string>();
        error = null;
        int i = 0;
        while (true)
        {
            var sb = new System.Text.StringBuilder();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        error = "a quoted field is not closed";
                        return fields;
                    }
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            sb.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    sb.Append(line[i++]);
                }
                if (i < line.Length && line[i] != separator)
                {
                    error = "text after the closing quote of a field";
                    return fields;
                }
            }
            else
            {
                while (i < line.Length && line[i] != separator)
                {
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            sb.Append('"');
                            i += 2;
                            continue;
                        }
                        error = "a double quote inside a field is not escaped with another double quote";
                        return fields;
                    }
                    sb.Append(line[i++]);
                }
            }
            fields.Add(sb.ToString());
            if (i >= line.Length)
                return fields;
            i++; // the separator
        }
    }

    static (bool, long, long, string?) CheckTmx(string file)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Parse(file);
        }
        catch (System.Xml.XmlException e)
        {
            return (false, 0, 0, $"The TMX file is not well-formed XML: {e.Message}");
        }
        var src = doc.Root?.Element("header")?.Attribute("srclang")?.Value;
        if (src == null)
            return (false, 0, 0, "The TMX header has no srclang attribute.");
        var units = doc.Root!.Element("body")?.Elements("tu").ToList() ?? [];
        if (units.Count == 0)
            return (false, 0, 0, "The TMX body has no translation units.");
        return (true, units.Count, 0, null);
    }
}
