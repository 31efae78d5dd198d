namespace Amts.Bot.Sync;

/// <summary>Lines <see cref="First"/> to <see cref="Last"/> (1-based, inclusive) of a text.</summary>
internal readonly record struct LineRange(int First, int Last);
