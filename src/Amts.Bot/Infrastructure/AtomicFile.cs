using System.Text;

namespace Amts.Bot.Infrastructure;

/// <summary>Files written whole or not at all: to a temporary file beside the target, then renamed over it, so that
/// no reader (and no interrupted run) ever leaves half a file.</summary>
internal static class AtomicFile
{
    public static void Write(string path, string content)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var tmp = Path.Combine(folder, "." + Path.GetFileName(path) + ".amts-tmp");
        File.WriteAllBytes(tmp, new UTF8Encoding(false).GetBytes(content));
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Writes <paramref name="content"/>, or deletes the file when it is null.</summary>
    public static void WriteOrDelete(string path, string? content)
    {
        if (content != null)
            Write(path, content);
        else if (File.Exists(path))
            File.Delete(path);
    }
}
