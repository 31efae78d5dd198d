// Analyzer findings that were looked at and accepted, each with its reason (the rule stays on everywhere else).
using System.Diagnostics.CodeAnalysis;

[assembly: SuppressMessage(
    "Reliability",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "GitHubClient's write semaphore is only awaited and released, never asked for a wait handle, so "
        + "it holds nothing to dispose; the client lives as long as the run.",
    Scope = "type",
    Target = "~T:Amts.Bot.Publishing.GitHub.GitHubClient"
)]
