using System.Text;
using Amts.Bot.Errors;

namespace Amts.Bot.Markdown;

/// <summary>One physical line: its content and its line ending ("\n", "\r\n", "\r" or none at end of file).</summary>
internal readonly record struct SourceLine(int Start, int ContentLength, int EndingLength)
{
    public int End => Start + ContentLength + EndingLength;

    public string Content(string text) => text.Substring(Start, ContentLength);
}

/// <summary>Raised for input that cannot be read at all; names the file and line so a person can fix it.</summary>
internal sealed class MarkdownInputException(string path, int line, string message)
    : AmtsException(ErrorKind.UserInput, $"{path}:{line}: {message}")
{
    public string Path { get; } = path;
    public int Line { get; } = line;
}

internal static class SourceText
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Decodes UTF-8 strictly. A byte-order mark is kept as U+FEFF so that re-encoding gives the same bytes.
    /// Invalid UTF-8 is an error naming the line and byte offset: guessing an encoding would corrupt a translation.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string path)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            int offset = e.Index >= 0 ? e.Index : FirstInvalidOffset(bytes);
            int line = 1;
            for (int i = 0; i < offset && i < bytes.Length; i++)
                if (bytes[i] == (byte)'\n')
                    line++;
            throw new MarkdownInputException(path, line, $"invalid UTF-8 at byte offset {offset}");
        }
    }

    public static byte[] Encode(string text) => StrictUtf8.GetBytes(text);

    static int FirstInvalidOffset(ReadOnlySpan<byte> bytes)
    {
        var status = System.Text.Unicode.Utf8.ToUtf16(
            bytes,
            new char[bytes.Length],
            out int read,
            out _,
            replaceInvalidSequences: false
        );
        return status == System.Buffers.OperationStatus.Done ? bytes.Length : read;
    }

    public static string ReadFile(string path) => Decode(File.ReadAllBytes(path), path);

    /// <summary>Splits into lines, keeping every line ending so that the lines concatenate to the text
    /// exactly.</summary>
    public static List<SourceLine> SplitLines(string text)
    {
        var lines = new List<SourceLine>(text.Length / 40 + 1);
        int start = 0;
        while (start < text.Length)
        {
            int i = text.AsSpan(start).IndexOfAny('\n', '\r');
            if (i < 0)
            {
                lines.Add(new SourceLine(start, text.Length - start, 0));
                break;
            }
            int contentEnd = start + i;
            int ending =
                text[contentEnd] == '\r' && contentEnd + 1 < text.Length && text[contentEnd + 1] == '\n' ? 2 : 1;
            lines.Add(new SourceLine(start, contentEnd - start, ending));
            start = contentEnd + ending;
        }
        return lines;
    }
}
