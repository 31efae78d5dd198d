using Amts.Bot.Errors;
using Amts.Cli.Commands;
using CommandLine;

namespace Amts.Cli;

/// <summary>
/// The <c>amts</c> command line. CommandLineParser has one level of verbs, so command groups
/// (<c>amts md check</c>) are dispatched here by their first word and parsed as verbs of their own.
/// </summary>
public static class CliApp
{
    public const int Ok = 0, Failed = 1, Usage = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            stdout.WriteLine("usage: amts <command> [options]\n\ncommands:\n  md check PATH...        verify that d2l Markdown files round-trip losslessly\n  md blocks FILE [--json] list the blocks of a file\n  action                  the GitHub Action's entry point (reads its environment)\n  demo                    an offline sync on the bundled excerpt (examples/)\n  sync --source DIR --target DIR --lang L [--from REV] [--to REV] [--commit] [--report DIR]\n                          carry English changes into a translation\n  extract --source PATH[@REV] --target PATH[@REV] --target-lang L --out DIR\n                          align a book with a translation; parallel data for Amazon Translate\n  parallel-data publish   mine parallel data, upload to S3, create/update the Amazon Translate resource\n  terminology publish     import TERMINOLOGY.md as Amazon Translate custom terminology\n  bleu REF... -i HYP       sacreBLEU-exact BLEU and chrF (same options as sacreBLEU)\n  bench md|bleu ...        benchmarks on the real books (see bench/run.sh)");
            return args.Length == 0 ? Usage : Ok;
        }
        try
        {
            return args[0] switch
            {
                "md" => Dispatch<MdCheckOptions, MdBlocksOptions>(args[1..], stderr,
                    o => MdCommands.Check(o, stdout, stderr), o => MdCommands.Blocks(o, stdout, stderr)),
                "bleu" => NewParser(stderr).ParseArguments<BleuOptionsCli>(BleuCommand.Normalize(args[1..]))
                    .MapResult(o => BleuCommand.Run(o, stdout, stderr), _ => Usage),
                "action" => ActionCommand.Run(new ActionOptions(), stdout, stderr),
                "demo" => NewParser(stderr).ParseArguments<DemoOptions>(args[1..]).MapResult(o => DemoCommand.Run(o, stdout, stderr), _ => Usage),
                "sync" => NewParser(stderr).ParseArguments<SyncOptionsCli>(args[1..]).MapResult(o => SyncCommand.Run(o, stdout, stderr), _ => Usage),
                "extract" => NewParser(stderr).ParseArguments<ExtractOptions>(args[1..]).MapResult(o => ExtractCommand.Run(o, stdout, stderr), _ => Usage),
                "evaluate" => NewParser(stderr).ParseArguments<EvaluateOptions>(args[1..]).MapResult(o => EvaluateCommand.Run(o, stdout, stderr), _ => Usage),
                "parallel-data" => NewParser(stderr).ParseArguments(args[1..], typeof(ParallelDataPublishOptions))
                    .MapResult(o => PublishCommands.ParallelData((ParallelDataPublishOptions)o, stdout, stderr), _ => Usage),
                "terminology" => NewParser(stderr).ParseArguments(args[1..], typeof(TerminologyPublishOptions))
                    .MapResult(o => PublishCommands.Terminology((TerminologyPublishOptions)o, stdout, stderr), _ => Usage),
                "bench" => Dispatch<BenchMdOptions, BenchBleuOptions>(args[1..], stderr,
                    o => BenchCommands.Markdown(o, stdout, stderr), o => BenchCommands.Bleu(o, stdout, stderr)),
                _ => UnknownCommand(args[0], stderr),
            };
        }
        catch (AmtsException e)
        {
            stderr.WriteLine($"amts: {e.UserMessage}");
            return Failed;
        }
    }

    static int UnknownCommand(string name, TextWriter stderr)
    {
        stderr.WriteLine($"amts: unknown command '{name}' (try 'amts --help')");
        return Usage;
    }

    static Parser NewParser(TextWriter stderr) => new(s =>
    {
        s.HelpWriter = stderr;
        s.CaseSensitive = true;
        s.AutoVersion = false;
    });

    static int Dispatch<T1, T2>(string[] args, TextWriter stderr, Func<T1, int> run1, Func<T2, int> run2)
    {
        var types = typeof(T1) == typeof(T2) ? new[] { typeof(T1) } : [typeof(T1), typeof(T2)];
        return NewParser(stderr).ParseArguments(args, types).MapResult(
            o => o switch { T1 a => run1(a), T2 b => run2(b), _ => Usage }, _ => Usage);
    }
}

/// <summary>An error whose message is meant for the person at the terminal (names the file or call at fault).</summary>
public sealed class UserFacingException(string message, Exception? inner = null) : AmtsException(ErrorKind.UserInput, message, null, inner);
