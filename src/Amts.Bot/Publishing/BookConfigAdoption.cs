using Amts.Bot.Infrastructure;

namespace Amts.Bot.Publishing;

/// <summary>What the action takes from a translation's <c>config.ini</c> (<see cref="D2lBookConfig"/>): the checks
/// that stop a language, and the settings that complete its configuration.</summary>
internal static class BookConfigAdoption
{
    /// <summary>The action's use of a translation's <c>config.ini</c>, if it has one: <see cref="D2lBookConfig.Check"/>
    /// (an error stops the language; warnings go to <paramref name="warn"/>), then <see cref="Apply"/>.</summary>
    public static LanguageConfig Adopt(
        LanguageConfig language,
        string workTree,
        string displayName,
        string englishRepository,
        Action<string> warn,
        Action<string> note
    )
    {
        if (D2lBookConfig.Read(workTree, displayName) is not { } book)
            return language;
        foreach (var warning in book.Check(language.Code, englishRepository))
            warn(warning);
        return book.Apply(language, note);
    }

    /// <summary>
    /// The language's configuration completed from this file: its <c>terminology</c> where the configuration names
    /// none (a terminology in the configuration wins; the note says so when they differ), and <c>translator = aws</c>
    /// as the engine where the configuration gives no engine but has its AWS settings (without them the engine stays,
    /// and the note says what to add). Every decision is reported through <paramref name="note"/>.
    /// </summary>
    public static LanguageConfig Apply(this D2lBookConfig book, LanguageConfig language, Action<string> note)
    {
        if (book.Terminology is { } terms)
        {
            var configured = language.Aws?.Terminology;
            if (configured == null)
                language = language with
                {
                    Aws = (language.Aws ?? new AwsLanguageSettings(null, null, null, null, null, null)) with
                    {
                        Terminology = terms,
                    },
                };
            else if (configured != terms)
                note(
                    $"{language.Code}: the configuration's aws.terminology '{configured}' is used, not "
                        + $"{book.At(book.TerminologyEntry!)}: terminology = {terms}"
                );
        }
        if (book.Translator is not { } translator || translator == language.Engine)
            return language;
        var source = $"{book.At(book.TranslatorEntry!)}: translator = {translator}";
        if (language.EngineGiven)
            note($"{language.Code}: engine {language.Engine} (given in the configuration), not d2lbook's {source}");
        else if (translator == "aws" && language.Aws?.Region != null)
        {
            note($"{language.Code}: engine aws ({source})");
            language = language with { Engine = "aws" };
        }
        else if (translator == "aws")
            note(
                $"{language.Code}: {source}, but the configuration has no AWS settings for this language: engine "
                    + $"{language.Engine} runs (add an 'aws' section with at least the region to use Amazon Translate)"
            );
        else
            note(
                $"{language.Code}: {source} is not an engine of amts (memory, apertium or aws): engine "
                    + $"{language.Engine} runs"
            );
        return language;
    }
}
