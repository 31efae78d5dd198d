namespace Amts.Bot.Publishing;

/// <summary>
/// Which configuration errors one job prints. A matrix job runs one language (the <c>language</c> input): it
/// annotates the errors of that language's entry and of the file as a whole, and says in one line how many errors
/// the other languages' entries have (each of those jobs annotates its own), so a broken entry is annotated once
/// per run, not once per job.
/// </summary>
internal static class ConfigErrorsOfJob
{
    public static (IReadOnlyList<ConfigError> Own, string? OthersLine) Split(
        ActionConfig? config,
        IReadOnlyList<ConfigError> errors,
        string? language
    )
    {
        if (config == null || string.IsNullOrEmpty(language))
            return (errors, null);
        var others = config.Languages.Where(l => l.Code != language && l.Problems.Count > 0).ToList();
        var theirs = others.SelectMany(l => l.Problems).ToHashSet(StringComparer.Ordinal);
        var own = errors.Where(e => !theirs.Contains(e.ToString())).ToList();
        int count = errors.Count - own.Count;
        return count == 0
            ? (own, null)
            : (
                own,
                $"{count} configuration error(s) in the entries of the other language(s) "
                    + $"{string.Join(", ", others.Select(l => l.Code))} "
                    + "are annotated by their own jobs"
            );
    }
}
