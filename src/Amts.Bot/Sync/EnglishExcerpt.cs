using Amts.Bot.Markdown;

namespace Amts.Bot.Sync;

public static class EnglishExcerpt
{
    public const int MaxChars = 300;

    public static (string? Before, string? After) Of(Block? oldBlock, Block? newBlock) => (null, null);
}
