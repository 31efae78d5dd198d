using Amts.Bot.Errors;
using Amts.Bot.Infrastructure;

namespace Amts.Cli.Commands;

/// <summary>
/// A folder the user named for the command's results (<c>--report</c>, <c>--out</c>): created if needed and written
/// file by file (each atomically). The file system's refusal becomes a user-input error naming the option and the
/// path, so an unwritable folder is a clear message, never a stack trace.
/// </summary>
internal sealed class OutputFolder
{
    readonly string option;

    OutputFolder(string option, string path)
    {
        this.option = option;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Creates the folder (and its parents), or throws <see cref="AmtsException"/> naming <paramref
    /// name="option"/>.</summary>
    public static OutputFolder Create(string option, string path)
    {
        Guard(option, path, () => Directory.CreateDirectory(path));
        return new OutputFolder(option, path);
    }

    public void Write(string name, string content)
    {
        var file = System.IO.Path.Combine(Path, name);
        Guard(option, file, () => AtomicFile.Write(file, content));
    }

    static void Guard(string option, string path, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw AmtsException.Input(
                $"{option} {path}: cannot write there: {e.Message}",
                $"pass {option} a folder you can write to"
            );
        }
    }
}
