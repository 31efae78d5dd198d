namespace Amts.Cli.Commands;

/// <summary>
/// Ctrl-C (SIGINT) as a request to stop, not a kill (issue 20: the process exited without a word and left its
/// temporary files until the next run). The first press says so and cancels <see cref="Token"/>: the run stops at
/// its next step, before anything is written to the target, its transaction puts the target back, and the
/// temporary folders are removed; <see cref="CliApp"/> then prints that it stopped and exits with
/// <see cref="ExitCode"/>. A second press stops at once (the next run then puts the target back, as after a kill).
/// </summary>
internal static class Interrupt
{
    /// <summary>128 + SIGINT (2): what a shell reports for a command stopped by Ctrl-C.</summary>
    public const int ExitCode = 130;

    static readonly CancellationTokenSource Source = new();
    static int presses;

    public static CancellationToken Token => Source.Token;
    public static bool Requested => Source.IsCancellationRequested;

    /// <summary>Handles Ctrl-C for this process (called once, by Program).</summary>
    public static void Install(TextWriter stderr)
    {
        Console.CancelKeyPress += (_, e) =>
        {
            if (Interlocked.Increment(ref presses) == 1)
            {
                e.Cancel = true;
                stderr.WriteLine(
                    "amts: stopping (Ctrl-C): the run stops at its next step, puts the target back and removes "
                        + "its temporary files; press Ctrl-C again to stop at once"
                );
                Source.Cancel();
            }
            else
                stderr.WriteLine("amts: stopped at once (second Ctrl-C); the next run puts the target back");
        };
    }

    /// <summary>Throws once Ctrl-C was pressed (between steps that must not be cut).</summary>
    public static void Check() => Source.Token.ThrowIfCancellationRequested();
}
