using Amts.Bot.Errors;
using Amts.Bot.Infrastructure;
using Amts.Bot.Publishing;

namespace Amts.Bot.Tests.Publishing;

/// <summary>
/// d2lbook's <c>config.ini</c> as Python's configparser reads it (<see cref="IniFile"/>), on the real file of d2l-zh
/// (tests/data/d2lbook), and the facts of its <c>[translation]</c> section checked against the action's configuration
/// (<see cref="D2lBookConfig"/>). The expected values were printed by Python 3.11's configparser on the same file.
/// </summary>
[Trait("Category", "Unit")]
public class D2lBookConfigTests
{
    static readonly string RealFile = Path.Combine(TestData.Data, "d2lbook", "d2l-zh.config.ini");

    static IniFile Real() => IniFile.Parse(File.ReadAllText(RealFile), "config.ini");

    static LanguageConfig Zh(string engine = "memory", AwsLanguageSettings? aws = null, bool engineGiven = false) =>
        new("zh", "d2l-ai/d2l-zh", null, engine, aws, [], [], false) { EngineGiven = engineGiven };

    [Fact]
    public void The_real_d2l_zh_config_reads_as_configparser_reads_it()
    {
        var ini = Real();
        Assert.Equal(
            [
                "project",
                "translation",
                "build",
                "html",
                "pdf",
                "library",
                "library-mxnet",
                "library-pytorch",
                "library-tensorflow",
                "deploy",
                "colab",
                "sagemaker",
                "slides",
            ],
            ini.Sections
        );
        Assert.Equal("d2l-ai/d2l-en", ini.Get("translation", "origin_repo"));
        Assert.Equal(17, ini.Entry("translation", "origin_repo")!.Line);
        Assert.Equal("en", ini.Get("translation", "origin_lang"));
        Assert.Equal("aws", ini.Get("translation", "translator"));
        Assert.Null(ini.Get("translation", "terminology"));
        Assert.Equal("zh", ini.Get("project", "lang"));
        // Continuation lines (indented deeper than their key) join with a newline, each stripped.
        Assert.Equal(
            "深度学习课程直播, https://courses.d2l.ai/zh-v2/, fas fa-user-graduate,\nPDF, https://zh-v2.d2l.ai/d2l-zh.pdf, "
                + "fas fa-file-pdf,\n"
                + "Jupyter 记事本文件, https://zh-v2.d2l.ai/d2l-zh.zip, fas fa-download,\n讨论, "
                + "https://discuss.d2l.ai/c/16, fab fa-discourse,\n"
                + "GitHub, https://github.com/d2l-ai/d2l-zh, fab fa-github,\nEnglish, https://d2l.ai, fas "
                + "fa-external-link-alt",
            ini.Get("html", "header_links")
        );
        // '#' after text is not a comment (no inline comments by default); '%%' is one '%' (BasicInterpolation).
        Assert.EndsWith("git+https://github.com/d2l-ai/d2l-zh@release  # installing d2l", ini.Get("colab", "libs"));
        Assert.StartsWith("numfig_format = {'figure': '图%s', 'table': '表%s'", ini.Get("build", "sphinx_configs"));
        Assert.EndsWith("sepackage[Sonny]{fncychap}',\n}", ini.Get("build", "sphinx_configs"));
        // A key with an empty first line and indented lines after it; an empty key.
        Assert.Equal("\nsize = lambda a: a.size\ntranspose = lambda a: a.T", ini.Get("library-mxnet", "alias"));
        Assert.Equal("", ini.Get("library-pytorch", "alias"));
    }

    [Fact]
    public void Comments_blank_lines_colons_case_and_defaults_follow_configparser()
    {
        var ini = IniFile.Parse(
            "[DEFAULT]\nbase = x\n[a]\nKey : v1\nk2 = %(base)s\n  # a comment inside the value\n  y\n\n  z\n\n\n; "
                + "another comment\n[b]\n",
            "t.ini"
        );
        Assert.Equal("v1", ini.Get("a", "key"));
        Assert.Equal("x\ny\n\nz", ini.Get("a", "k2"));
        Assert.Equal("x", ini.Get("b", "base"));
        Assert.Equal(["a", "b"], ini.Sections);
    }

    [Theory]
    [InlineData("x = 1\n[a]\n", "t.ini:1: 'x = 1' comes before any [section] header")]
    [InlineData("[a]\nx\n", "t.ini:2: 'x' is not a 'key = value' line")]
    [InlineData("[a]\n= 1\n", "t.ini:2: '= 1' has no key before its '='")]
    [InlineData("[a]\nx = 1\nX = 2\n", "t.ini:3: key 'x' is given twice in [a] (first on line 2)")]
    [InlineData("[a]\n[b]\n[a]\n", "t.ini:3: section [a] is given twice (first on line 1)")]
    public void A_malformed_file_is_an_error_naming_the_file_and_line(string text, string message)
    {
        var e = Assert.Throws<IniFormatException>(() => IniFile.Parse(text, "t.ini"));
        Assert.StartsWith(message, e.Message);
        Assert.Equal(ErrorKind.UserInput, e.Kind);
    }

    [Fact]
    public void A_bad_percent_sign_is_an_error_on_its_line_when_the_value_is_read()
    {
        var ini = IniFile.Parse("[translation]\n\nterminology = 50%\n", "t.ini");
        var e = Assert.Throws<IniFormatException>(() => ini.Get("translation", "terminology"));
        Assert.StartsWith("t.ini:3: '%' must be followed by '%' or '(' (configparser's interpolation)", e.Message);
    }

    [Fact]
    public void The_real_config_agrees_with_zh_synced_from_d2l_en()
    {
        var config = D2lBookConfig.From(Real(), "config.ini");
        Assert.Equal(
            ("zh", "d2l-ai/d2l-en", "en", "aws", (string?)null),
            (config.Lang, config.OriginRepo, config.OriginLang, config.Translator, config.Terminology)
        );
        Assert.Empty(config.Check("zh", "d2l-ai/d2l-en"));
        Assert.Empty(config.Check("zh", "D2L-AI/D2L-EN")); // GitHub's names ignore case
        Assert.Empty(config.Check("zh", null)); // the English repository not known (a local sync): not checked
    }

    [Fact]
    public void A_disagreement_with_the_configuration_is_an_error_naming_the_line()
    {
        var config = D2lBookConfig.From(Real(), "d2l-ai/d2l-zh config.ini");
        var lang = Assert.Throws<AmtsException>(() => config.Check("pt", "d2l-ai/d2l-en"));
        Assert.StartsWith(
            "d2l-ai/d2l-zh config.ini:13: [project] lang is 'zh', but this translation is configured as language 'pt'",
            lang.Message
        );
        var repo = Assert.Throws<AmtsException>(() => config.Check("zh", "d2l-ai/d2l-ko"));
        Assert.StartsWith(
            "d2l-ai/d2l-zh config.ini:17: [translation] origin_repo is 'd2l-ai/d2l-en', but the English repository "
                + "of this sync is 'd2l-ai/d2l-ko'",
            repo.Message
        );
        var other = D2lBookConfig.From(IniFile.Parse("[translation]\norigin_lang = fr\n", "config.ini"), "config.ini");
        Assert.StartsWith(
            "config.ini:2: [translation] origin_lang is 'fr', but amts translates from English ('en')",
            Assert.Throws<AmtsException>(() => other.Check("zh", null)).Message
        );
    }

    [Fact]
    public void A_fork_of_the_english_repository_is_a_warning_not_an_error()
    {
        var warning = Assert.Single(D2lBookConfig.From(Real(), "config.ini").Check("zh", "someone/d2l-en"));
        Assert.Contains(
            "config.ini:17: [translation] origin_repo is 'd2l-ai/d2l-en'; this run syncs from 'someone/d2l-en'",
            warning
        );
    }

    [Fact]
    public void The_terminology_and_translator_fill_what_the_configuration_leaves_out()
    {
        var ini = IniFile.Parse(
            File.ReadAllText(RealFile)
                .Replace("translator = aws\n", "translator = aws\nterminology = d2l-en-zh-terms\n"),
            "config.ini"
        );
        var config = D2lBookConfig.From(ini, "config.ini");
        var notes = new List<string>();
        // No engine in .github/amts.yml, AWS settings there: translator = aws picks Amazon Translate, with config.ini's
        // terminology.
        var applied = config.Apply(
            Zh(aws: new AwsLanguageSettings("us-west-2", null, null, null, null, null)),
            notes.Add
        );
        Assert.Equal(("aws", "d2l-en-zh-terms"), (applied.Engine, applied.Aws!.Terminology));
        Assert.Contains(notes, n =>
            n.Contains("engine aws (config.ini:19: translator = aws)", StringComparison.Ordinal)
        );
        // An engine given in .github/amts.yml wins; so does its own terminology, with a note on the disagreement.
        notes.Clear();
        var given = config.Apply(
            Zh("aws", new AwsLanguageSettings("us-west-2", null, null, null, null, "other-terms"), engineGiven: true),
            notes.Add
        );
        Assert.Equal("other-terms", given.Aws!.Terminology);
        Assert.Contains(notes, n =>
            n.Contains(
                "aws.terminology 'other-terms' is used, not config.ini:20: terminology = d2l-en-zh-terms",
                StringComparison.Ordinal
            )
        );
        // translator = aws without any AWS settings: the engine stays memory, and the note says what to add.
        notes.Clear();
        Assert.Equal("memory", config.Apply(Zh(), notes.Add).Engine);
        Assert.Contains(notes, n =>
            n.Contains("add an 'aws' section with at least the region", StringComparison.Ordinal)
        );
    }
}
