using System.Text.Json;
using Amts.Bot.Sync;
using Amts.Cli.Commands;

namespace Amts.Bot.Tests.Sync;

/// <summary>
/// Issue 22: one report model, rendered once, for the CLI and the action alike. <c>amts sync --report</c> wrote its
/// own pull-request body (which did not neutralise <c>@</c>/<c>#</c>) and its own report.json, while the action wrote
/// another body and a second report.json format; both now come from <see cref="ReportFiles"/> and <see
/// cref="PullRequestTextBuilder"/>.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ReportFilesTests
{
    static readonly string A = new('a', 40);
    static readonly string B = new('b', 40);
    static readonly string C = new('c', 40);

    static SyncReport Report(string from, string to, string path, string reason) =>
        new(
            "d2l-en",
            from,
            to,
            "zh",
            "memory",
            [
                new FileReport(
                    path,
                    path,
                    FileStatus.Modified,
                    [
                        new AppliedChange(
                            new PlannedChange(
                                ChangeKind.Retranslated,
                                reason,
                                new LineRange(3, 3),
                                new LineRange(4, 4),
                                [],
                                true
                            ),
                            12,
                            1,
                            []
                        ),
                    ],
                    100,
                    null
                ),
            ],
            null
        );

    [Fact]
    public void The_clis_pull_request_text_is_the_actions_and_neutralises_mentions_and_issue_links()
    {
        var report = Report(A, B, "chapter_x/@astonzhang #1.md", "thanks @astonzhang, see #12");
        var markdown = ReportFiles.PullRequestMarkdown(SyncCommand.PullRequestText(report));
        var action = PullRequestTextBuilder.Build([report], [], [], (_, _) => null, int.MaxValue, (_, _) => 0m, null);
        Assert.Equal("# " + action.Title + "\n\n" + action.FullMarkdown, markdown);
        Assert.StartsWith("# [zh] Sync with d2l-en aaaaaaa..bbbbbbb\n\n", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("@astonzhang", markdown);
        Assert.DoesNotContain("#12", markdown);
        Assert.Contains("@\u200Dastonzhang", markdown);
    }

    [Fact]
    public void One_sync_and_a_branch_of_several_are_one_format()
    {
        var one = JsonDocument.Parse(ReportFiles.Json([Report(A, B, "a.md", "changed")], null)).RootElement;
        var two = JsonDocument
            .Parse(ReportFiles.Json([Report(A, B, "a.md", "changed"), Report(B, C, "b.md", "changed again")], null))
            .RootElement;
        string[] Keys(JsonElement e) => [.. e.EnumerateObject().Select(p => p.Name)];
        Assert.Equal(["source", "from", "to", "language", "engine", "totals", "files"], Keys(one));
        Assert.Equal(["source", "from", "to", "language", "engine", "syncs", "totals", "files"], Keys(two));
        // The whole range, its totals summed, every file of every sync commit, each sync's range.
        Assert.Equal(A, two.GetProperty("from").GetString());
        Assert.Equal(C, two.GetProperty("to").GetString());
        Assert.Equal(2, two.GetProperty("totals").GetProperty("reviews").GetInt32());
        Assert.Equal(24, two.GetProperty("totals").GetProperty("mtChars").GetInt32());
        Assert.Equal(
            ["a.md", "b.md"],
            two.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("sourcePath").GetString())
        );
        Assert.Equal(B, two.GetProperty("syncs")[1].GetProperty("from").GetString());
        Assert.Equal(
            Keys(one.GetProperty("files")[0].GetProperty("changes")[0]),
            Keys(two.GetProperty("files")[1].GetProperty("changes")[0])
        );
        Assert.True(one.GetProperty("files")[0].GetProperty("changes")[0].GetProperty("needsReview").GetBoolean());
    }

    /// <summary>A file's status is typed in the code and written as the word report.json and the reports kept in git
    /// notes have always used: a note written before the status was typed reads back.</summary>
    [Fact]
    public void A_status_is_written_as_its_word_and_an_older_note_reads_back()
    {
        var json = ReportFiles.Json([Report(A, B, "a.md", "changed")], null);
        Assert.Equal(
            "modified",
            JsonDocument.Parse(json).RootElement.GetProperty("files")[0].GetProperty("status").GetString()
        );
        var notes = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        };
        var written = JsonSerializer.Serialize(Report(A, B, "a.md", "changed"), notes);
        Assert.Contains("\"status\":\"modified\"", written);
        Assert.Equal(
            [FileStatus.Missing, FileStatus.Held],
            new[] { "missing", "held" }.Select(w => JsonSerializer.Deserialize<FileStatus>($"\"{w}\"", notes))
        );
        Assert.All(Enum.GetValues<FileStatus>(), s =>
            Assert.Equal($"\"{s.Name()}\"", JsonSerializer.Serialize(s, notes))
        );
    }
}
