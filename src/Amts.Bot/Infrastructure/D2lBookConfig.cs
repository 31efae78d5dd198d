using Amts.Bot.Errors;

namespace Amts.Bot.Infrastructure;

/// <summary>
/// What a translation's d2lbook <c>config.ini</c> says about it, so that the action does not ask for the same facts
/// twice: <c>[project] lang</c>, and the <c>[translation]</c> section whose keys d2lbook's default configuration
/// declares and its <c>translate</c> command reads (d2lbook/translate.py): <c>origin_repo</c> (the GitHub repository
/// translated, e.g. d2l-ai/d2l-en), <c>origin_lang</c> (its language), <c>translator</c> (d2lbook's machine translator:
/// <c>aws</c> or <c>gcp</c>) and <c>terminology</c> (the name of an Amazon Translate custom terminology, which d2lbook
/// passes as <c>TerminologyNames</c>). Empty values (d2lbook's defaults) count as absent.
/// </summary>
internal sealed record D2lBookConfig(
    string Path,
    IniEntry? LangEntry,
    IniEntry? OriginRepoEntry,
    IniEntry? OriginLangEntry,
    IniEntry? TranslatorEntry,
    IniEntry? TerminologyEntry,
    IniFile File
)
{
    public const string FileName = "config.ini";

    /// <summary>The language amts translates from: the configured English book.</summary>
    public const string EnglishCode = "en";

    public string? Lang => Value(LangEntry);
    public string? OriginRepo => Value(OriginRepoEntry);
    public string? OriginLang => Value(OriginLangEntry);
    public string? Translator => Value(TranslatorEntry);
    public string? Terminology => Value(TerminologyEntry);

    string? Value(IniEntry? entry) =>
        entry == null ? null
        : File.Get(entry.Section, entry.Key) is { Length: > 0 } v ? v
        : null;

    /// <summary>The <c>config.ini</c> at the root of a translation's work tree, or null when it has none. A malformed
    /// file is an <see cref="IniFormatException"/> naming <paramref name="displayName"/> and the line.</summary>
    public static D2lBookConfig? Read(string root, string? displayName = null)
    {
        var path = System.IO.Path.Combine(root, FileName);
        if (!System.IO.File.Exists(path))
            return null;
        var name = displayName ?? path;
        return From(IniFile.Parse(Markdown.SourceText.ReadFile(path), name), name);
    }

    public static D2lBookConfig From(IniFile ini, string path) =>
        new(
            path,
            ini.Entry("project", "lang"),
            ini.Entry("translation", "origin_repo"),
            ini.Entry("translation", "origin_lang"),
            ini.Entry("translation", "translator"),
            ini.Entry("translation", "terminology"),
            ini
        );

    /// <summary>Where an entry is: the file and its line.</summary>
    public string At(IniEntry entry) => $"{Path}:{entry.Line}";

    /// <summary>
    /// Checks the facts that say which book this is against the sync: <c>lang</c> must be the configured language,
    /// <c>origin_lang</c> English, and <c>origin_repo</c> the English repository (when it is known; GitHub's names
    /// ignore case). A disagreement is an error naming the line: the configuration lists the wrong repository, or the
    /// file is wrong. The same repository name under another owner (a fork of the English book) is a warning,
    /// returned.
    /// </summary>
    public IReadOnlyList<string> Check(string language, string? englishRepository)
    {
        if (Lang is { } lang && !string.Equals(lang, language, StringComparison.OrdinalIgnoreCase))
            throw AmtsException.Input(
                $"{At(LangEntry!)}: [project] lang is '{lang}', but this translation is configured as language "
                    + $"'{language}'",
                "make the language code of .github/amts.yml (or --lang) and d2lbook's lang agree, or check that the "
                    + "repository is the right translation"
            );
        if (OriginLang is { } from && !string.Equals(from, EnglishCode, StringComparison.OrdinalIgnoreCase))
            throw AmtsException.Input(
                $"{At(OriginLangEntry!)}: [translation] origin_lang is '{from}', but amts translates from English "
                    + $"('{EnglishCode}')",
                "this repository translates a book in another language: remove it from the configuration, or correct "
                    + "origin_lang"
            );
        if (
            OriginRepo is not { } origin
            || englishRepository == null
            || string.Equals(origin, englishRepository, StringComparison.OrdinalIgnoreCase)
        )
            return [];
        if (string.Equals(NameOf(origin), NameOf(englishRepository), StringComparison.OrdinalIgnoreCase))
            return
            [
                $"{At(OriginRepoEntry!)}: [translation] origin_repo is '{origin}'; this run syncs from "
                    + $"'{englishRepository}' (a fork of it?), going on",
            ];
        throw AmtsException.Input(
            $"{At(OriginRepoEntry!)}: [translation] origin_repo is '{origin}', but the English repository of this "
                + $"sync is '{englishRepository}'",
            "this translation follows another book: check the language's repository in .github/amts.yml, or correct "
                + "origin_repo"
        );
    }

    static string NameOf(string repository) => repository[(repository.LastIndexOf('/') + 1)..];
}
