using Amts.Bot.Errors;

namespace Amts.Bot.Sync;

/// <summary>A sync cannot be carried out as asked (range, target, state); nothing has been written.</summary>
internal sealed class SyncException(string message, string? hint = null)
    : AmtsException(ErrorKind.UserInput, message, hint);
