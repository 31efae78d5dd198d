using Amts.Bot.Alignment;
using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

internal sealed partial class FilePlanner
{
    /// <summary>
    /// A paragraph (or list or quote) whose prose changed: its sentences are diffed, and only the translation of the
    /// changed sentences is replaced (the human sentences for the rest stay byte for byte). Where the translation does
    /// not split these sentences one for one with confidence (a changed sentence shares a translated sentence with an
    /// unchanged one, or has no translated sentence of its own), nothing is cut: the change goes to review.
    /// </summary>
    void RetranslateSentences(
        Builder b,
        Block oldBlock,
        Block newBlock,
        MarkdownDocument target,
        IReadOnlyList<int> targets,
        TextRange located,
        StructureCount delta
    )
    {
        // The file's alignment paired these blocks sentence by sentence already when it paired exactly them: its
        // sentences and their alignment are taken, not made again (the same blocks, aligner and length model).
        List<Sentence> oldS,
            tgtS;
        IReadOnlyList<SentencePair>? aligned = null;
        if (b.Aligned.TryGetValue(oldBlock, out var known) && known.Blocks.Target.SequenceEqual(targets))
            (oldS, tgtS, aligned) = ([.. known.SourceSentences], [.. known.TargetSentences], known.Sentences);
        else
        {
            oldS = SentenceAligner.SentencesOf([oldBlock], "en");
            tgtS = SentenceAligner.SentencesOf(targets.Select(t => target.Blocks[t]), targetLanguage);
        }
        var newS = SentenceAligner.SentencesOf([newBlock], "en");
        if (oldS.Count == 0 || tgtS.Count == 0)
        {
            Review(
                b,
                "the prose changed, but the translation has no sentences to match it with",
                newBlock,
                target,
                targets
            );
            return;
        }
        var pairs = WithMarkedPairs(
            aligned ?? new SentenceAligner(new GaleChurchWithAnchors(lengths), "en", targetLanguage).Align(oldS, tgtS),
            oldS,
            tgtS
        );
        // A translation that does not follow its English here (d2l-zh wrote parts of its preface itself) must not get
        // the change a second time in other words: when too few sentences pair up, a person decides.
        int paired = pairs
            .Where(p => p.Source.Count > 0 && p.Target.Count > 0 && p.Confidence >= MinSentencePairConfidence)
            .Sum(p => p.Source.Count);
        if (paired < MinFollowing * oldS.Count)
        {
            Review(
                b,
                $"the translation does not follow its English here ({paired} of {oldS.Count} sentences pair up): not "
                    + "carried over automatically",
                newBlock,
                target,
                targets
            );
            return;
        }
        var kept = BlockDiff.Lcs(
            oldS.Select(s => ChangeClassifier.SentenceKey(s.Text)).ToList(),
            newS.Select(s => ChangeClassifier.SentenceKey(s.Text)).ToList()
        );
        var local = new List<TextEdit>();
        kept = CarryBySentence(b, target.Text, kept, oldS, newS, tgtS, pairs, local, out var unsure);
        if (unsure != null)
        {
            Review(
                b,
                $"the prose changed only in numbers, but {unsure}: not carried over (the human sentences stay)",
                newBlock,
                target,
                targets
            );
            return;
        }
        var marks = SlideMarkers.ForSentences(
            kept,
            oldS,
            newS,
            tgtS,
            pairs,
            MinSentencePairConfidence,
            out var misplaced
        );
        local.InsertRange(0, (marks ?? []).Select(m => b.Edit(m.At, 0, m.Text))); // before a patch at the same place
        var keptOld = kept.Select(k => k.A).ToHashSet();
        int before = b.Requests.Count;
        bool multiline = targets.Any(t => target.Blocks[t].LineCount > 1);
        string joiner = profile.BlockSentenceJoiner(multiline);
        int a = 0,
            n = 0;
        string? tangled = null;
        foreach (var (ka, kn) in kept.Append((oldS.Count, newS.Count)))
        {
            var deleted = Enumerable.Range(a, ka - a).ToList();
            var inserted = Enumerable.Range(n, kn - n).ToList();
            (a, n) = (ka + 1, kn + 1);
            if (deleted.Count == 0 && inserted.Count == 0)
                continue;
            // In a list or quote an added or removed sentence may be an item of its own: only in-place replacements
            // here.
            if (oldBlock.Kind != BlockKind.Paragraph && (deleted.Count == 0 || inserted.Count == 0))
            {
                tangled = "a sentence added to or removed from a list or quote";
                break;
            }
            var touching = pairs.Where(p => p.Source.Any(deleted.Contains)).ToList();
            if (touching.Any(p => p.Source.Any(keptOld.Contains)))
            {
                tangled = "the translation joins a changed sentence with an unchanged one";
                break;
            }
            if (touching.Any(p => p.Target.Count > 0 && p.Confidence < MinSentencePairConfidence))
            {
                tangled = "a changed sentence is matched with its translation without confidence";
                break;
            }
            if (deleted.Count > 0 && inserted.Count > 0 && touching.All(p => p.Target.Count == 0))
            {
                tangled = "the changed sentence has no translated sentence of its own";
                break;
            }
            var covered = touching.SelectMany(p => p.Target).Order().ToList();
            if (covered.Count > 0 && covered[^1] - covered[0] + 1 != covered.Count)
            {
                tangled = "the changed sentences' translation is not in one piece";
                break;
            }
            var translation = string.Join(joiner, inserted.Select(i => b.Request(newS[i].Text)));
            if (covered.Count > 0)
            {
                int start = tgtS[covered[0]].Span.Start,
                    end = tgtS[covered[^1]].Span.End;
                if (translation.Length == 0)
                {
                    // Removing sentences: take the whitespace after them too, so no blank gap is left.
                    while (end < target.Text.Length && target.Text[end] is ' ' or '\n' && end < tgtS[^1].Span.End)
                        end++;
                }
                local.Add(b.Edit(start, end - start, translation));
            }
            else if (inserted.Count > 0)
            {
                // New sentences: after the translation of the English sentence before them, or at the start.
                var previous = pairs.LastOrDefault(p =>
                    p.Source.Count > 0 && p.Source.Max() < (deleted.Count > 0 ? deleted[0] : ka) && p.Target.Count > 0
                );
                if (previous != null && previous.Confidence < MinSentencePairConfidence)
                {
                    tangled = "the sentence before the new one is matched without confidence";
                    break;
                }
                if (previous == null)
                    local.Add(b.Edit(tgtS[0].Span.Start, 0, translation + joiner));
                else
                    local.Add(b.Edit(tgtS[previous.Target.Max()].Span.End, 0, joiner + translation));
            }
        }
        if (tangled != null)
        {
            b.Requests.RemoveRange(before, b.Requests.Count - before); // nothing of this attempt may reach the engine
            Review(
                b,
                $"the prose changed, but {tangled}: not carried over sentence by sentence (the human sentences stay)",
                newBlock,
                target,
                targets
            );
            return;
        }
        var requests = b.RequestsSince(before);
        var slides = misplaced == null ? null : $"slide markers (**…**) changed, but {misplaced}: place them by hand";
        if (slides != null && requests.Count == 0 && local.Count == 0)
        {
            Review(b, slides, newBlock, target, targets);
            return;
        }
        if (requests.Count == 0)
            b.Change(
                new(
                    local.Count == 0 ? ChangeKind.Kept : ChangeKind.Patched,
                    local.Count == 0 ? "sentences changed cosmetically only; the human sentences stay"
                        : marks?.Count == local.Count
                            ? "only slide markers (**…**) changed; put around the human sentences"
                        : "sentences changed only in protected spans; patched in the translated sentences",
                    Lines(newBlock),
                    Lines(target, targets),
                    [],
                    false
                ),
                located,
                null,
                delta,
                local
            );
        else
            b.Change(
                new(
                    ChangeKind.Retranslated,
                    $"{requests.Count} sentence(s) new or changed; the rest keep their human translation",
                    Lines(newBlock),
                    Lines(target, targets),
                    requests,
                    false
                ),
                located,
                null,
                delta,
                local
            );
        if (slides != null)
            Review(b, slides, newBlock, target, targets);
    }

    /// <summary>Sentences of the translation that are the bot's marked English for an old English sentence are that
    /// sentence's translation, with certainty: they replace whatever the length-based aligner paired them
    /// with.</summary>
    static IReadOnlyList<SentencePair> WithMarkedPairs(
        IReadOnlyList<SentencePair> pairs,
        List<Sentence> oldS,
        List<Sentence> tgtS
    )
    {
        var exact = new Dictionary<int, int>(); // target sentence -> old sentence
        var usedOld = new HashSet<int>();
        for (int t = 0; t < tgtS.Count; t++)
        {
            if (!IsMarked(tgtS[t].Text))
                continue;
            var text = Unmarked(tgtS[t].Text);
            int o = oldS.FindIndex(s => s.Text == text && !usedOld.Contains(oldS.IndexOf(s)));
            if (o >= 0)
            {
                exact[t] = o;
                usedOld.Add(o);
            }
        }
        if (exact.Count == 0)
            return pairs;
        var rest = pairs
            .Select(p =>
                p with
                {
                    Source = p.Source.Where(s => !usedOld.Contains(s)).ToList(),
                    Target = p.Target.Where(t => !exact.ContainsKey(t)).ToList(),
                }
            )
            .Where(p => p.Source.Count + p.Target.Count > 0);
        return rest.Concat(
                exact.Select(kv => new SentencePair([kv.Value], [kv.Key], oldS[kv.Value].Text, tgtS[kv.Key].Text, 1.0))
            )
            .OrderBy(p => p.Source.Count > 0 ? p.Source.Min() : int.MaxValue)
            .ThenBy(p => p.Target.Count > 0 ? p.Target.Min() : int.MaxValue)
            .ToList();
    }

    /// <summary>
    /// Within each run of changed sentences, a sentence changed one for one only cosmetically (kept: its human
    /// translation stays) or only inside protected spans (patched into its translated sentence) counts as unchanged.
    /// Returns the matched sentence pairs extended by those; the span patches go to <paramref name="edits"/>.
    /// </summary>
    List<(int A, int B)> CarryBySentence(
        Builder b,
        string targetText,
        List<(int A, int B)> kept,
        List<Sentence> oldS,
        List<Sentence> newS,
        List<Sentence> tgtS,
        IReadOnlyList<SentencePair> pairs,
        List<TextEdit> edits,
        out string? unsure
    )
    {
        unsure = null;
        var result = new List<(int, int)>(kept);
        int a = 0,
            n = 0;
        foreach (var (ka, kn) in kept.Append((oldS.Count, newS.Count)))
        {
            if (ka - a == kn - n)
                for (int k = 0; k < ka - a; k++)
                {
                    int o = a + k,
                        w = n + k;
                    var how = ChangeClassifier.Classify(
                        SentenceBlock(oldS[o].Text),
                        SentenceBlock(newS[w].Text),
                        rules
                    );
                    if (how.Kind == ChangeKind.Kept || how.SlideMarkers >= 0)
                    {
                        result.Add((o, w));
                        continue;
                    }
                    if (how.Kind != ChangeKind.Patched)
                        continue;
                    var pair = pairs.FirstOrDefault(p => p.Source.Contains(o));
                    if (how.Patches.Any(p => p.Token))
                    {
                        // Only numbers changed: patched where each stands once in the sentence's translation.
                        var at = NumberPatch.InSentence(
                            targetText,
                            pair,
                            tgtS,
                            oldS[o].Text,
                            how.Patches,
                            MinSentencePairConfidence,
                            out var missing
                        );
                        if (at == null)
                        {
                            unsure ??= $"\"{Short(newS[w].Text)}\" cannot be patched ({missing})";
                            continue;
                        }
                        edits.AddRange(at.Select(f => b.Edit(f.At, f.Patch.Old.Length, f.Patch.New)));
                        result.Add((o, w));
                        continue;
                    }
                    if (pair == null || pair.Target.Count == 0 || pair.Source.Count != 1)
                        continue;
                    int start = tgtS[pair.Target.Min()].Span.Start,
                        end = tgtS[pair.Target.Max()].Span.End;
                    var patches = how.Patches.Select(p => (p, At: IndexOfOnce(targetText, p.Old, start, end))).ToList();
                    if (patches.Any(p => p.At < 0))
                        continue;
                    edits.AddRange(patches.Select(p => b.Edit(p.At, p.p.Old.Length, p.p.New)));
                    result.Add((o, w));
                }
            (a, n) = (ka + 1, kn + 1);
        }
        result.Sort();
        return result;
    }

    static int IndexOfOnce(string text, string what, int from, int to)
    {
        int at = text.IndexOf(what, from, to - from, StringComparison.Ordinal);
        return at >= 0 && text.IndexOf(what, at + 1, to - at - 1, StringComparison.Ordinal) < 0 ? at : -1;
    }

    static Block SentenceBlock(string text) => new(BlockKind.Paragraph, 0, 1, 1, text);
}
