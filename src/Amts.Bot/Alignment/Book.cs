namespace Amts.Bot.Alignment;

/// <summary>The Markdown files of one book at one point (a folder, or a git revision): relative path → text.</summary>
internal sealed record Book(string Name, string Language, IReadOnlyDictionary<string, string> Files)
{
    /// <summary>d2lbook's record of the English a translation was made from: <c>x_origin.md</c> beside
    /// <c>x.md</c>.</summary>
    public const string OriginSuffix = "_origin.md";

    public static string OriginPathOf(string path) => path[..^3] + OriginSuffix;

    public static bool IsOriginFile(string path) => path.EndsWith(OriginSuffix, StringComparison.Ordinal);

    /// <summary>The translated content files: every Markdown file that is not an <c>_origin.md</c> record.</summary>
    public IEnumerable<string> ContentPaths => Files.Keys.Where(p => !IsOriginFile(p)).Order(StringComparer.Ordinal);
}
