namespace Amts.Bot.Errors;

/// <summary>What went wrong, as the person running the bot needs to know it: their input, a service the bot
/// talks to, or the bot itself. The kind decides the exit code and whether a stack trace can help.</summary>
internal enum ErrorKind
{
    /// <summary>A file, option, configuration, commit or range given to the bot is not usable; the message says what to
    /// fix.</summary>
    UserInput,

    /// <summary>A service or tool the bot calls (git, GitHub, Amazon Translate, S3, STS, Apertium, the file system)
    /// refused or failed.</summary>
    Service,

    /// <summary>The bot broke one of its own invariants: a defect to report, never the user's fault.</summary>
    Bug,
}

/// <summary>
/// The root of every error the product raises on purpose. Clients wrap the failures of HTTP, AWS, S3, git and I/O
/// at their boundary into one of these, naming the file, commit or call and what to do; each command has a single
/// catch (<c>CliApp</c>) and the action one per language, so no stack trace reaches a user unless <c>--debug</c>.
/// </summary>
internal class AmtsException : Exception
{
    public AmtsException(ErrorKind kind, string message, string? hint = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Hint = hint;
    }

    public ErrorKind Kind { get; }

    /// <summary>What the user can do about it (one sentence), or null when the message already says it.</summary>
    public string? Hint { get; }

    /// <summary>The message and the hint as one line for a terminal, a log or an annotation.</summary>
    public string UserMessage => Hint == null ? Message : $"{Message} ({Hint})";

    public static AmtsException Input(string message, string? hint = null, Exception? inner = null) =>
        new(ErrorKind.UserInput, message, hint, inner);

    public static AmtsException Service(string message, string? hint = null, Exception? inner = null) =>
        new(ErrorKind.Service, message, hint, inner);

    public static AmtsException Bug(string message, Exception? inner = null) =>
        new(ErrorKind.Bug, message, null, inner);
}

/// <summary>Exit codes of every <c>amts</c> command (documented in the README).</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>A failure with a message: bad input, a service that refused, or (the action) a language that
    /// failed.</summary>
    public const int Failed = 1;

    /// <summary>The command line itself is wrong (unknown verb or option, missing required option).</summary>
    public const int Usage = 2;

    /// <summary>A defect in the bot (an <see cref="ErrorKind.Bug"/> or an unexpected exception); please report
    /// it.</summary>
    public const int Bug = 70; // EX_SOFTWARE of sysexits.h

    public static int For(ErrorKind kind) => kind == ErrorKind.Bug ? Bug : Failed;
}
