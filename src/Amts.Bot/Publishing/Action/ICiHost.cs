using System.Text;

namespace Amts.Bot.Publishing.Action;

/// <summary>Annotation levels a CI host shows on a file and line (GitHub: error, warning, notice).</summary>
internal enum AnnotationLevel
{
    Error,
    Warning,
    Notice,
}

/// <summary>
/// What the action needs from the CI system it runs in: a collapsible log group, annotations, masking a secret,
/// step outputs and the job summary. GitHub Actions is <see cref="GitHubActionsHost"/>; another CI is one more class.
/// </summary>
internal interface ICiHost
{
    void Log(string line);
    void Group(string title);
    void EndGroup();
    void Annotate(
        AnnotationLevel level,
        string message,
        string? title = null,
        string? file = null,
        int? line = null,
        int? column = null
    );
    void Mask(string secret);
    void SetOutput(string name, string value);
    void AppendSummary(string markdown);
}

/// <summary>
/// GitHub Actions' workflow commands on stdout (<c>::group::</c>, <c>::error file=…::</c>, <c>::add-mask::</c>),
/// outputs appended to <c>GITHUB_OUTPUT</c> with a random heredoc delimiter, the summary to <c>GITHUB_STEP_SUMMARY</c>.
/// Every message is escaped as GitHub documents (<c>%</c>, CR, LF; and <c>,</c> <c>:</c> in properties), so book text
/// cannot smuggle a workflow command.
/// </summary>
internal sealed class GitHubActionsHost(TextWriter stdout, string? outputFile, string? summaryFile) : ICiHost
{
    readonly List<string> secrets = [];

    public void Log(string line) => stdout.WriteLine(Neutral(line));

    public void Group(string title) => stdout.WriteLine("::group::" + Escape(title));

    public void EndGroup() => stdout.WriteLine("::endgroup::");

    public void Annotate(
        AnnotationLevel level,
        string message,
        string? title = null,
        string? file = null,
        int? line = null,
        int? column = null
    )
    {
        var props = new List<string>();
        if (title != null)
            props.Add("title=" + EscapeProperty(title));
        if (file != null)
            props.Add("file=" + EscapeProperty(file));
        if (line != null)
            props.Add($"line={line}");
        if (column != null)
            props.Add($"col={column}");
        stdout.WriteLine(
            $"::{level.ToString().ToLowerInvariant()}"
                + (props.Count > 0 ? " " + string.Join(',', props) : "")
                + $"::{Escape(Hide(message))}"
        );
    }

    public void Mask(string secret)
    {
        if (secret.Length == 0)
            return;
        secrets.Add(secret);
        stdout.WriteLine("::add-mask::" + secret);
    }

    public void SetOutput(string name, string value)
    {
        if (outputFile == null)
            return;
        var delimiter = "amts_" + Guid.NewGuid().ToString("N");
        File.AppendAllText(outputFile, $"{name}<<{delimiter}\n{Hide(value)}\n{delimiter}\n");
    }

    public void AppendSummary(string markdown)
    {
        if (summaryFile != null)
            File.AppendAllText(summaryFile, Hide(markdown));
    }

    string Hide(string s) => secrets.Aggregate(s, (acc, secret) => acc.Replace(secret, "***"));

    /// <summary>A log line that starts with <c>::</c> (after blanks) would be read as a workflow command: a zero width
    /// space between the colons keeps it text.</summary>
    string Neutral(string line) =>
        Hide(
            string.Join(
                '\n',
                line.Split('\n')
                    .Select(l =>
                        l.TrimStart().StartsWith("::", StringComparison.Ordinal) ? l.Replace("::", ":\u200B:") : l
                    )
            )
        );

    /// <summary>Workflow-command data must not carry a line break or a %: GitHub's escaping.</summary>
    public static string Escape(string s) => s.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

    public static string EscapeProperty(string s) => Escape(s).Replace(":", "%3A").Replace(",", "%2C");
}

/// <summary>A host that records everything (for tests and for <c>amts</c> runs outside a CI).</summary>
internal sealed class RecordingHost : ICiHost
{
    public StringBuilder Text { get; } = new();
    public Dictionary<string, string> Outputs { get; } = [];
    public StringBuilder Summary { get; } = new();
    public List<(AnnotationLevel Level, string Message)> Annotations { get; } = [];

    public void Log(string line) => Text.AppendLine(line);

    public void Group(string title) => Text.AppendLine("[group] " + title);

    public void EndGroup() => Text.AppendLine("[endgroup]");

    public void Annotate(
        AnnotationLevel level,
        string message,
        string? title = null,
        string? file = null,
        int? line = null,
        int? column = null
    )
    {
        Annotations.Add((level, message));
        Text.AppendLine($"[{level}] {message}");
    }

    public void Mask(string secret) { }

    public void SetOutput(string name, string value) => Outputs[name] = value;

    public void AppendSummary(string markdown) => Summary.Append(markdown);

    public override string ToString() => Text.ToString();
}
