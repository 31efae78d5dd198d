namespace Amts.Bot.Sync;

/// <summary>Line endings as the translation had them: a translation written with LF stays LF, one written with CRLF
/// stays CRLF, and a new file uses one kind throughout. CommonMark 0.31, §2.1 "Characters and lines": a line ending
/// is LF, CR or CRLF; a file that mixes them shows as changed on every line to git and to reviewers.</summary>
internal sealed class LineEndingRule : IOutputRule
{
    public string Name => "line endings";
    public string Protects => "the file's line endings (CommonMark §2.1)";

    public IEnumerable<OutputFinding> Check(VerifiedText file)
    {
        var (beforeCrlf, beforeLf) = Count(file.File.Before);
        var (afterCrlf, afterLf) = Count(file.File.After);
        if (file.IsNew || (beforeCrlf > 0 && beforeLf > 0))
        {
            if (file.IsNew && afterCrlf > 0 && afterLf > 0)
                yield return new(Name, 0, $"the new file mixes line endings ({afterCrlf} CRLF, {afterLf} LF)");
            yield break;
        }
        if (beforeCrlf == 0 && afterCrlf > 0)
            yield return new(
                Name,
                0,
                $"the translation uses LF line endings; the written file has {afterCrlf} CRLF line(s)"
            );
        else if (beforeLf == 0 && beforeCrlf > 0 && afterLf > 0)
            yield return new(
                Name,
                0,
                $"the translation uses CRLF line endings; the written file has {afterLf} LF line(s)"
            );
    }

    static (int Crlf, int Lf) Count(string text)
    {
        int crlf = 0,
            lf = 0;
        for (int i = 0; i < text.Length; i++)
            if (text[i] == '\n')
            {
                if (i > 0 && text[i - 1] == '\r')
                    crlf++;
                else
                    lf++;
            }
        return (crlf, lf);
    }
}
