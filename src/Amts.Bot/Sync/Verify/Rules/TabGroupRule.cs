using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

/// <summary>
/// d2lbook tab groups (d2lbook's "Multiple implementations" / tabs: prose between <c>:begin_tab:`mxnet`</c> and
/// <c>:end_tab:</c> is shown for that framework only): every group is closed and none is opened inside another, as
/// before; and a translation whose sequence of groups was the English's before the sync is the English's after it.
/// </summary>
internal sealed class TabGroupRule : IOutputRule
{
    public string Name => "tab groups";
    public string Protects => "d2lbook's :begin_tab:/:end_tab: groups";

    public IEnumerable<OutputFinding> Check(VerifiedText file)
    {
        if ((file.IsNew || Unbalanced(file.Before) == null) && Unbalanced(file.After) is { } problem)
            yield return new(Name, 0, problem);
        var (oldEnglish, newEnglish, before, after) = (
            Groups(file.OldEnglish),
            Groups(file.NewEnglish),
            Groups(file.Before),
            Groups(file.After)
        );
        if (before.SequenceEqual(oldEnglish) && !after.SequenceEqual(newEnglish))
            yield return new(
                Name,
                0,
                $"the translation had the English's {before.Count} tab group(s); written, it would have {after.Count} "
                    + $"({Join(after)}) where the English now has {newEnglish.Count} ({Join(newEnglish)})"
            );
    }

    /// <summary>The frameworks of each <c>:begin_tab:</c>, in order.</summary>
    static List<string> Groups(MarkdownDocument doc) =>
        doc.Blocks.Where(b => b.Kind == BlockKind.TabBegin).Select(b => string.Join(",", b.Tabs)).ToList();

    static string Join(List<string> groups) =>
        groups.Count == 0 ? "none"
        : groups.Count > 6 ? string.Join("; ", groups.Take(6)) + "; …"
        : string.Join("; ", groups);

    /// <summary>What is wrong with the nesting of the groups, or null.</summary>
    static string? Unbalanced(MarkdownDocument doc)
    {
        Block? open = null;
        foreach (var b in doc.Blocks)
        {
            if (b.Kind == BlockKind.TabBegin)
            {
                if (open != null)
                    return $"a :begin_tab: at line {b.Line} opens inside the group opened at line {open.Line}";
                open = b;
            }
            else if (b.Kind == BlockKind.TabEnd)
            {
                if (open == null)
                    return $"an :end_tab: at line {b.Line} closes no group";
                open = null;
            }
        }
        return open == null ? null : $"the group opened at line {open.Line} is never closed";
    }
}
