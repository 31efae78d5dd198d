using Amts.Bot.Alignment;
using Amts.Bot.Markdown;
using Amts.Bot.Translation;

namespace Amts.Bot.Sync;

/// <summary>The plan of one file as it is built: its edits, changes and requests to the engine.</summary>
internal sealed partial class FilePlanner
{
    sealed class Builder(string text)
    {
        public readonly string Text = text;
        public readonly List<TextEdit> Edits = [];
        public readonly List<PlannedChange> Changes = [];
        public readonly List<ChangeEvidence> Evidence = [];
        public readonly List<string> Requests = [];

        /// <summary>Blocks located by <see cref="Relocate"/> (verbatim evidence between located neighbours).</summary>
        public readonly List<TextRange> Relocated = [];

        /// <summary>Human text taken from the book's memory for the change about to be added: it goes to
        /// review.</summary>
        public readonly List<HumanText> Reused = [];

        /// <summary>How this file writes a lone link (<see cref="LinkLabels"/>), learned from its located
        /// pairs.</summary>
        public LinkLabels Links { get; init; } = LinkLabels.None;

        /// <summary>The sentence alignment of each old English block the file's alignment paired alone with
        /// translation blocks (by the block).</summary>
        public IReadOnlyDictionary<Block, AlignedSentences> Aligned { get; init; } =
            new Dictionary<Block, AlignedSentences>();

        /// <summary>What the change about to be added followed of the file's own ways (<see cref="LinkLabels"/>): said
        /// in its reason, not a review item.</summary>
        public readonly List<string> Notes = [];

        public string Reuse(HumanText human)
        {
            Reused.Add(human);
            return human.Text;
        }

        // While an edit is built its text holds \u0002n\u0003 for request n; Edit() turns that into typed parts.
        public string Request(string segment)
        {
            Requests.Add(segment);
            return $"\u0002{Requests.Count - 1}\u0003";
        }

        /// <summary>An edit of the change about to be added (<see cref="Change"/> is called after its edits).</summary>
        public TextEdit Edit(int start, int length, string template) =>
            new(start, length, Parts(template), Changes.Count);

        public void Change(
            PlannedChange change,
            TextRange? located,
            int? anchor,
            StructureCount englishDelta,
            IEnumerable<TextEdit>? edits = null
        )
        {
            if (Notes.Count > 0)
                change = change with { Reason = $"{change.Reason}; {string.Join("; ", Notes.Distinct())}" };
            Notes.Clear();
            if (Reused.Count > 0)
                change = change with { Reason = $"{change.Reason}; {BookMemory.Note(Reused)}", NeedsReview = true };
            Reused.Clear();
            if (edits != null)
                Edits.AddRange(edits);
            Changes.Add(change);
            Evidence.Add(new ChangeEvidence(located, anchor, englishDelta));
        }

        public List<int> RequestsSince(int count) => Enumerable.Range(count, Requests.Count - count).ToList();

        static List<TemplatePart> Parts(string template)
        {
            var parts = new List<TemplatePart>();
            int pos = 0;
            while (pos < template.Length)
            {
                int open = template.IndexOf('\u0002', pos);
                if (open < 0)
                {
                    parts.Add(TemplatePart.Text(template[pos..]));
                    break;
                }
                if (open > pos)
                    parts.Add(TemplatePart.Text(template[pos..open]));
                int close = template.IndexOf('\u0003', open);
                parts.Add(TemplatePart.Translation(int.Parse(template.AsSpan(open + 1, close - open - 1))));
                pos = close + 1;
            }
            return parts;
        }
    }
}
