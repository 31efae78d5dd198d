using System.Reflection;
using Amts.Bot.Errors;
using Amts.Cli.Commands;
using CommandLine;
using CommandLine.Text;

namespace Amts.Cli;

/// <summary>
/// The <c>amts</c> command line and its single error boundary. CommandLineParser has one level of verbs, so command
/// groups (<c>amts md check</c>) are dispatched here by their first word and parsed as verbs of their own.
/// Help and the version go to stdout with exit 0; usage errors say what was wrong and show the verb's usage on stderr
/// with exit 2; an <see cref="AmtsException"/> becomes one line <c>amts: VERB: message</c> with
/// <see cref="ExitCodes.For"/>; anything else is a defect (exit 70). <c>--debug</c> adds the stack trace.
/// </summary>
internal static class CliApp
{
    public const int Ok = ExitCodes.Ok,
        Failed = ExitCodes.Failed,
        Usage = ExitCodes.Usage;

    /// <summary>The global flag that adds stack traces to error messages.</summary>
    public const string DebugFlag = "--debug";

    const string Commands = """
        usage: amts [--debug] <command> [options]
               amts <command> --help     the options of a command
               amts --version

        commands:
          sync --source DIR --target DIR --lang L [--from REV] [--to REV] [--commit] [--report DIR]
                                  carry English changes into a translation
          demo                    an offline sync on the bundled excerpt (examples/)
          extract --source PATH[@REV] --target PATH[@REV] --target-lang L --out DIR
                                  align a book with a translation; parallel data for Amazon Translate
          evaluate --source EN --target TR --lang L [--systems ...]
                                  BLEU/chrF of engines on held-out articles, both directions (the AMTS study)
          parallel-data publish   mine parallel data, upload to S3, create/update the Amazon Translate resource
          terminology publish     import TERMINOLOGY.md as Amazon Translate custom terminology
          md check PATH...        verify that d2l Markdown files round-trip losslessly
          md blocks FILE [--json] list the blocks of a file
          bleu REF... -i HYP      sacreBLEU-exact BLEU and chrF (same options as sacreBLEU)
          bench md|bleu ...       benchmarks on the real books (see bench/run.sh)
          action                  the GitHub Action's entry point (reads its environment)
          action --preview --source EN --target TR --lang L --out DIR
                                  the action on local clones: what it would push and post, no token

        exit codes: 0 success, 1 failure (the message says what to do), 2 wrong command line, 70 internal error
        """;

    /// <summary>The informational version (the package version, with the commit when built from git).</summary>
    public static string Version { get; } =
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CliApp).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        bool debug = args.Contains(DebugFlag);
        args = args.Where(a => a != DebugFlag).ToArray();
        if (args.Length == 0)
        {
            stderr.WriteLine(Commands);
            return Usage;
        }
        if (args[0] is "--help" or "-h" or "help")
        {
            stdout.WriteLine(Commands);
            return Ok;
        }
        if (args[0] is "--version")
        {
            stdout.WriteLine($"amts {Version}");
            return Ok;
        }
        var verb =
            args[0] is "md" or "bench" or "parallel-data" or "terminology"
            && args.Length > 1
            && !args[1].StartsWith('-')
                ? $"{args[0]} {args[1]}"
                : args[0];
        var cli = new Cli(stdout, stderr);
        return Guard(verb, debug, stderr, () => args[0] switch
            {
                "md" => cli.Group<MdCheckOptions, MdBlocksOptions>(
                    "md",
                    args[1..],
                    o => MdCommands.Check(o, stdout, stderr),
                    o => MdCommands.Blocks(o, stdout, stderr)
                ),
                "bleu" => cli.Verb<BleuOptionsCli>("bleu", BleuCommand.Normalize(args[1..]), o =>
                    BleuCommand.Run(o, stdout, stderr)
                ),
                "action" => cli.Verb<ActionOptions>(
                    "action",
                    args[1..],
                    o => ActionCommand.Run(o, stdout, stderr),
                    ActionHelp
                ),
                "demo" => cli.Verb<DemoOptions>("demo", args[1..], o => DemoCommand.Run(o, stdout, stderr)),
                "sync" => cli.Verb<SyncOptionsCli>("sync", args[1..], o => SyncCommand.Run(o, stdout, stderr)),
                "extract" => cli.Verb<ExtractOptions>("extract", args[1..], o => ExtractCommand.Run(o, stdout, stderr)),
                "evaluate" => cli.Verb<EvaluateOptions>("evaluate", args[1..], o =>
                    EvaluateCommand.Run(o, stdout, stderr)
                ),
                "parallel-data" => cli.Group<ParallelDataPublishOptions, ParallelDataPublishOptions>(
                    "parallel-data",
                    args[1..],
                    o => PublishCommands.ParallelData(o, stdout, stderr),
                    o => PublishCommands.ParallelData(o, stdout, stderr)
                ),
                "terminology" => cli.Group<TerminologyPublishOptions, TerminologyPublishOptions>(
                    "terminology",
                    args[1..],
                    o => PublishCommands.Terminology(o, stdout, stderr),
                    o => PublishCommands.Terminology(o, stdout, stderr)
                ),
                "bench" => cli.Group<BenchMdOptions, BenchBleuOptions>(
                    "bench",
                    args[1..],
                    o => BenchCommands.Markdown(o, stdout, stderr),
                    o => BenchCommands.Bleu(o, stdout, stderr)
                ),
                _ => UnknownCommand(args[0], stderr),
            });
    }

    /// <summary>The error boundary of one command run: the only catch of the command line.</summary>
    internal static int Guard(string verb, bool debug, TextWriter stderr, Func<int> run)
    {
        try
        {
            return run();
        }
        catch (Exception e) when (Interrupt.Requested && e is not OutOfMemoryException)
        {
            // The stop, at the run's next step, or a child of the run that died of the same Ctrl-C (a terminal sends
            // SIGINT to the whole process group: git too): either way what failed is the stop, not a fault to report.
            stderr.WriteLine(
                $"amts: {verb}: stopped (Ctrl-C): nothing more was written; the target is as it was before "
                    + "this run and the temporary files are removed (run the command again to do the work)"
            );
            if (debug)
                stderr.WriteLine(e);
            return Interrupt.ExitCode;
        }
        catch (AmtsException e)
        {
            stderr.WriteLine(
                $"amts: {verb}: {e.UserMessage}"
                    + (e.Kind == ErrorKind.Bug ? $" (a defect: please report; run with {DebugFlag} for details)" : "")
            );
            if (debug)
                stderr.WriteLine(e);
            return ExitCodes.For(e.Kind);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            stderr.WriteLine(
                $"amts: internal error: {e.GetType().FullName}: {e.Message} (please report; run with {DebugFlag} for "
                    + "details)"
            );
            if (debug)
                stderr.WriteLine(e);
            return ExitCodes.Bug;
        }
    }

    /// <summary>The action takes no command-line options: what it reads from its environment.</summary>
    static readonly string[] ActionHelp =
    [
        "Reads everything from the environment GitHub gives a container action (see action.yml):",
        "  INPUT_GITHUB_TOKEN   token that can push to the translations and open pull requests (required)",
        "  INPUT_CONFIG         the configuration file in the English repository (default .github/amts.yml)",
        "  INPUT_LANGUAGE       sync only this language (default: every configured language)",
        "  INPUT_ENGINE         override every language's engine (memory, apertium or aws)",
        "  INPUT_DRY_RUN        true/True/TRUE: sync and report, push nothing; false/False/FALSE; anything else is "
            + "an error",
        "  INPUT_LANGUAGE_TIMEOUT_MINUTES  1 to 360 (default 60)",
        "  GITHUB_WORKSPACE, GITHUB_EVENT_PATH, GITHUB_SHA, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP",
        "On your machine, no token, no network (what it would push and post, written to --out):",
        "  amts action --preview --source d2l-en --target d2l-zh --lang zh [--from BEFORE] [--to AFTER] --out DIR",
    ];

    static int UnknownCommand(string name, TextWriter stderr)
    {
        stderr.WriteLine($"amts: unknown command '{name}'");
        stderr.WriteLine(Commands);
        return Usage;
    }

    /// <summary>CommandLineParser's "A sequence value not bound to option name is defined with few items than
    /// required" said as what is missing: the verb's positional value by its name (issue 20).</summary>
    static string? Describe(Error error, Type verb)
    {
        if (error is not SequenceOutOfRangeError s)
            return null;
        if (s.NameInfo.NameText.Length > 0)
            return $"--{s.NameInfo.LongName} takes a different number of values: see its help below";
        var names = verb.GetProperties()
            .Select(p => p.GetCustomAttribute<ValueAttribute>())
            .OfType<ValueAttribute>()
            .Select(v => v.MetaName)
            .Where(n => n.Length > 0)
            .ToList();
        return names.Count > 0
            ? $"{string.Join(", ", names)} missing: give at least one"
            : "a value is missing after the options";
    }

    /// <summary>Parses one verb (or a group of two) and renders help on stdout, usage errors on stderr.</summary>
    sealed class Cli(TextWriter stdout, TextWriter stderr)
    {
        static Parser NewParser() =>
            new(s =>
            {
                s.HelpWriter = null; // rendered below: help to stdout, errors to stderr
                s.CaseSensitive = true;
                s.AutoVersion = false;
            });

        public int Verb<T>(string name, string[] args, Func<T, int> run, IEnumerable<string>? extraHelp = null) =>
            Handle(NewParser().ParseArguments<T>(args), "amts " + name, o => run((T)o!), extraHelp);

        public int Group<T1, T2>(string name, string[] args, Func<T1, int> run1, Func<T2, int> run2)
        {
            var types = typeof(T1) == typeof(T2) ? new[] { typeof(T1) } : [typeof(T1), typeof(T2)];
            var verb = args.Length > 0 && !args[0].StartsWith('-') ? $"amts {name} {args[0]}" : $"amts {name}";
            return Handle(
                NewParser().ParseArguments(args, types),
                verb,
                o =>
                    o switch
                    {
                        T1 a => run1(a),
                        T2 b => run2(b),
                        _ => Usage,
                    },
                null
            );
        }

        int Handle<T>(ParserResult<T> result, string usage, Func<T, int> run, IEnumerable<string>? extraHelp)
        {
            if (result is Parsed<T> parsed)
                return run(parsed.Value);
            var errors = ((NotParsed<T>)result).Errors.ToList();
            bool helpAsked = errors.All(e => e.Tag is ErrorType.HelpRequestedError or ErrorType.HelpVerbRequestedError);
            // a group (md, bench, ...) without its command
            bool index = result.TypeInfo.Current == typeof(NullInstance);
            var help = new HelpText
            {
                Heading = $"usage: {usage} " + (index ? "<command> [options]" : "[options]"),
                Copyright = "",
                AdditionalNewLineAfterOption = false,
                AddDashesToOption = !index,
                AutoVersion = false,
                MaximumDisplayWidth = 110,
            };
            if (index)
                help.AddVerbs(result.TypeInfo.Choices.ToArray());
            else
                help.AddOptions(result);
            if (extraHelp != null)
                help.AddPostOptionsLines(extraHelp);
            if (helpAsked)
            {
                stdout.WriteLine(help);
                return Ok;
            }
            var what = SentenceBuilder.Create().FormatError;
            stderr.WriteLine(
                $"{usage}: "
                    + string.Join(
                        "; ",
                        errors.Select(e => Describe(e, result.TypeInfo.Current) ?? what(e).TrimEnd('.'))
                    )
            );
            stderr.WriteLine(help);
            return Usage;
        }
    }
}
