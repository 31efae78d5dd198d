using Amts.Bot.Markdown;

namespace Amts.Bot.Evaluation;

internal static class TextLines
{
    /// <summary>Reads a hypothesis or reference file as sacreBLEU does: strict UTF-8, lines split on '\n' only,
    /// each line right-stripped of Python whitespace (so a trailing '\r' goes).</summary>
    public static List<string> Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such file", path);
        var text = SourceText.Decode(File.ReadAllBytes(path), path);
        return Split(text);
    }

    public static List<string> Split(string text)
    {
        var lines = text.Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
            lines.RemoveAt(lines.Count - 1);
        for (int i = 0; i < lines.Count; i++)
            lines[i] = PyText.RStrip(lines[i]);
        return lines;
    }
}
