namespace Amts.Bot.Sync;

/// <summary>A piece of an edit's new text: literal text, or the translation of request <see cref="Request"/>.</summary>
internal sealed record TemplatePart(string? Literal, int Request = -1)
{
    public static TemplatePart Text(string s) => new(s);

    public static TemplatePart Translation(int request) => new(null, request);
}

/// <summary>A replacement of [Start, Start+Length) of the original translation by typed parts (literal text and
/// translations of requests), made for change <see cref="Change"/> of the plan.</summary>
internal sealed record TextEdit(int Start, int Length, IReadOnlyList<TemplatePart> Parts, int Change)
{
    public int End => Start + Length;

    /// <summary>The edit's literal text (translations left out): what it writes of structure.</summary>
    public string LiteralText => string.Concat(Parts.Select(p => p.Literal ?? ""));
}
