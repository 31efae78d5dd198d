namespace Amts.Bot.Sync;

/// <summary>
/// One file as the sync is about to write it, with everything the output check compares it with: the English the
/// translation followed before the sync (<see cref="OldEnglish"/>, its <c>_origin.md</c> or recorded base; empty for a
/// new file), the English after it, the translation before it (<see cref="Before"/>, empty for a new file) and after it
/// (<see cref="After"/>, what would be written), and the changes the report gives for it.
/// </summary>
internal sealed record WrittenFile(
    string Path,
    string OldEnglish,
    string NewEnglish,
    string Before,
    string After,
    IReadOnlyList<AppliedChange> Changes
);

/// <summary>What one rule of the output check found wrong in a written file. <see cref="Line"/> is a line of the
/// translation before the sync (1-based; 0 when the finding concerns the file as a whole).</summary>
internal sealed record OutputFinding(string Rule, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{Rule} (line {Line}): {Message}" : $"{Rule}: {Message}";
}

/// <summary>One check of a written translation: what it protects (the d2lbook or Markdown construct, and where that
/// construct is defined), and what it finds.</summary>
internal interface IOutputRule
{
    /// <summary>A short name, shown in the pull request ("tab groups").</summary>
    string Name { get; }

    /// <summary>The construct the rule protects and where it is defined (d2lbook's documentation,
    /// CommonMark).</summary>
    string Protects { get; }

    IEnumerable<OutputFinding> Check(VerifiedText file);
}
