using Amts.Bot.Errors;
using Amts.Bot.Publishing;
using Amts.Bot.Translation;
using Amts.Bot.Translation.Engines;
using Amts.Cli.Commands;

namespace Amts.Bot.Tests.Translation;

[Trait("Category", "Unit")]
public class EngineSpecTests
{
    const string Yaml = """
        languages:
          - code: zh
            repository: d2l-ai/d2l-zh
            engine: aws
            aws:
              region: us-west-2
              bucket: d2l-amts
              prefix: /amts/zh/
              role_arn: arn:aws:iam::123456789012:role/amts-translate
              parallel_data: d2l-en-zh-sentences
              terminology: d2l-en-zh-terms
              max_characters: 500000
        """;

    [Fact]
    public void The_command_line_and_the_config_file_map_to_the_same_engine_specification()
    {
        var (config, errors) = ActionConfigReader.Parse(Yaml, ".github/amts.yml");
        Assert.Empty(errors);
        var fromConfig = config!.Languages[0].EngineSpec();
        var fromCli = SyncCommand.Spec(
            new SyncOptionsCli
            {
                Engine = "aws",
                Region = "us-west-2",
                Bucket = "d2l-amts",
                Prefix = "/amts/zh/",
                RoleArn = "arn:aws:iam::123456789012:role/amts-translate",
                ParallelData = "d2l-en-zh-sentences",
                Terminology = "d2l-en-zh-terms",
                MaxCharacters = 500_000,
                PollSeconds = 30,
                DeadlineMinutes = 120,
            }
        );
        Assert.Equal(fromConfig, fromCli);
        Assert.Equal(500_000, fromConfig.MaxCharacters);
    }

    [Fact]
    public void One_terminology_name_and_a_well_formed_role_are_required()
    {
        var (_, errors) = ActionConfigReader.Parse(
            Yaml.Replace("d2l-en-zh-terms", "a,b").Replace("500000", "lots"),
            ".github/amts.yml"
        );
        Assert.Contains(errors, e => e.Message.Contains("aws.terminology takes one terminology name"));
        Assert.Contains(errors, e => e.Message.Contains("aws.max_characters must be a positive whole number"));
        var e1 = Assert.Throws<AmtsException>(() => new EngineSpec { Kind = "aws", Terminology = "a,b" }.Validate());
        Assert.Contains("one terminology name, not a list", e1.Message);
        var e2 = Assert.Throws<AmtsException>(() =>
            new EngineSpec
            {
                Kind = "aws",
                ParallelData = "p",
                Bucket = "b",
                RoleArn = "amts-role",
            }.Validate()
        );
        Assert.Contains("is not an IAM role ARN", e2.Message);
    }

    [Fact]
    public void The_memory_engine_is_a_real_entry()
    {
        var engine = EngineFactory.Create(new EngineSpec { Kind = "memory" });
        Assert.Equal("memory", engine.Name);
        Assert.True(Assert.IsType<TranslationMemory>(engine).FromBook);
        Assert.Null(engine.Price);
    }
}
