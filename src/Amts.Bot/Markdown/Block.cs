namespace Amts.Bot.Markdown;

internal enum BlockKind
{
    Blank,
    Heading,
    Paragraph,
    List,
    Table,
    Quote,
    Code,
    Toc,
    DisplayMath,
    Figure,
    TabBegin,
    TabEnd,
    Directive,
    ThematicBreak,
    Html,
    Comment,
}

/// <summary>A fenced code cell: d2lbook's info string (<c>{.python .input  n=3}</c>) and its <c>#@tab</c>
/// line.</summary>
internal sealed record CodeInfo(
    string Fence,
    string InfoString,
    string? Language,
    IReadOnlyList<string> Classes,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<string> Tabs,
    bool HasSave,
    bool Closed
);

internal sealed record FigureInfo(string Caption, string Path, string? Width);

/// <summary>
/// One block of a Markdown file with its exact source text (line endings and trailing spaces included).
/// The blocks of a document concatenate to the file, byte for byte.
/// </summary>
internal sealed record Block(BlockKind Kind, int Offset, int Line, int LineCount, string Text)
{
    /// <summary>1-based number of the block's last line.</summary>
    public int EndLine => Line + LineCount - 1;
    public int HeadingLevel { get; init; }

    /// <summary>The <c>:label:</c> (or <c>:eqlabel:</c>) attached to this block.</summary>
    public string? Label { get; init; }
    public CodeInfo? Code { get; init; }
    public FigureInfo? Figure { get; init; }

    /// <summary>Tabs named by a <c>:begin_tab:</c> marker.</summary>
    public IReadOnlyList<string> Tabs { get; init; } = [];

    /// <summary>Blocks that hold prose a translator translates.</summary>
    public bool IsProse =>
        Kind
            is BlockKind.Heading
                or BlockKind.Paragraph
                or BlockKind.List
                or BlockKind.Table
                or BlockKind.Quote
                or BlockKind.Figure;
}

internal enum Severity
{
    Warning,
    Error,
}

internal sealed record MarkdownDiagnostic(string Path, int Line, Severity Severity, string Message)
{
    public override string ToString() => $"{Path}:{Line}: {Severity.ToString().ToLowerInvariant()}: {Message}";
}

internal sealed record MarkdownDocument(
    string Path,
    string Text,
    IReadOnlyList<Block> Blocks,
    IReadOnlyList<MarkdownDiagnostic> Diagnostics
)
{
    public string Render() => string.Concat(Blocks.Select(b => b.Text));

    public static MarkdownDocument Parse(string text, string path = "<text>") => D2lBlockParser.Parse(text, path);

    public static MarkdownDocument Load(string path) => Parse(SourceText.ReadFile(path), path);
}
