using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Amts.Bot.Infrastructure;
using Amts.Bot.Markdown;

namespace Amts.Bot.Translation.Engines;

/// <summary>
/// Debian's Apertium (rule-based, offline) behind the batch interface. Facts observed here (shared/notes): it
/// translates inside <c>translate="no"</c>, so protected spans travel as empty placeholder tags, which it passes
/// through; it may capitalise the word after a tag; <c>-u</c> hides its unknown-word marks. All segments of a batch
/// go through one process, separated by tags of their own, because starting Apertium costs 0.1–0.3 s.
/// </summary>
internal sealed class ApertiumEngine(string executable = "apertium") : ITranslationEngine
{
    public string Name => "apertium";

    public static string ModeFor(string source, string target)
    {
        string Code(string l) =>
            Languages.LanguageProfile.Find(l)?.ApertiumCode
            ?? throw new TranslationEngineException(
                $"apertium: no language code known for '{l}' (no English pair in Debian's Apertium)",
                "apertium translates English to and from: "
                    + string.Join(
                        ", ",
                        Languages.LanguageProfile.All.Where(p => p.ApertiumCode != null).Select(p => p.Code)
                    )
            );
        return $"{Code(source)}-{Code(target)}";
    }

    public async Task<IReadOnlyList<TranslationResult>> TranslateAsync(
        IReadOnlyList<string> segments,
        string sourceLanguage,
        string targetLanguage,
        CancellationToken cancellationToken = default
    )
    {
        if (segments.Count == 0)
            return [];
        var mode = ModeFor(sourceLanguage, targetLanguage);
        var batch = new MaskedBatch(segments, PlaceholderStyle.Empty);
        var output = await RunAsync(mode, batch.Wrap(Enumerable.Range(0, segments.Count)), cancellationToken);
        var results = new TranslationResult[segments.Count];
        foreach (
            var (i, r) in batch.Restore(output, Enumerable.Range(0, segments.Count), "apertium", (part, i) =>
                UndoCapitalisation(part, batch.Html(i))
            )
        )
            results[i] = r;
        return results;
    }

    /// <summary>Apertium capitalises the first word after a tag as if a sentence started there; where the English word
    /// after that placeholder was in lower case, so is the translation's.</summary>
    static string UndoCapitalisation(string translated, string sourceHtml)
    {
        var lowerAfter = new HashSet<string>();
        foreach (Match m in Regex.Matches(sourceHtml, @"data-amts=""(\d+)""></span>\s*(\p{Ll})"))
            lowerAfter.Add(m.Groups[1].Value);
        return Regex.Replace(translated, @"(data-amts=""(\d+)""></span>\s*)(\p{Lu})(\p{Ll})", m =>
            lowerAfter.Contains(m.Groups[2].Value)
                ? m.Groups[1].Value + m.Groups[3].Value.ToLowerInvariant() + m.Groups[4].Value
                : m.Value
        );
    }

    async Task<string> RunAsync(string mode, string input, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var a in new[] { "-u", "-f", "html", mode })
            psi.ArgumentList.Add(a);
        ChildEnvironment.Clean(psi);
        Process p;
        try
        {
            p = Process.Start(psi) ?? throw new TranslationEngineException("apertium: could not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new TranslationEngineException(
                $"apertium: cannot run '{executable}' ({e.Message}); install it with: apt-get install -y apertium "
                    + "apertium-eng-spa"
            );
        }
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync(ct);
            var stderr = p.StandardError.ReadToEndAsync(ct);
            await p.StandardInput.WriteAsync(input);
            p.StandardInput.Close();
            await p.WaitForExitAsync(ct);
            if (p.ExitCode != 0)
                throw new TranslationEngineException(
                    $"apertium {mode} failed (exit {p.ExitCode}): {(await stderr).Trim()}"
                );
            return await stdout;
        }
    }
}
