using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace PatcherPortal.Web.Validation;

/// <summary>
/// The one check of text that users type, post or import (questions, claims, answers, paraphrases): not blank, not
/// over the length limit, and only printable characters. Tabs and line breaks count as spaces; other control
/// characters, lone UTF-16 surrogates and U+FFFD (what a decoder leaves of bytes that were not UTF-8) are refused,
/// since the model would read them as noise and the review pages could not show them. Text made only of invisible
/// characters (zero-width spaces, joiners, other format characters, blank fillers) is blank; bidirectional embeddings,
/// overrides and isolates are refused anywhere, since they make the text shown to reviewers differ from the text read.
/// </summary>
public static class UserText
{
    public const int MaxLength = 500;

    /// <summary>Why <paramref name="text"/> cannot be used as <paramref name="what"/> ("the question"), or null when it can.</summary>
    public static string? Problem(string? text, string what)
    {
        if (IsBlank(text)) return $"{Capitalized(what)} is empty.";
        if (text.Trim().Length > MaxLength) return $"{Capitalized(what)} is {text.Trim().Length:N0} characters long; the limit is {MaxLength}.";
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c) || c == '\uFFFD')
                return $"{Capitalized(what)} holds a character that is not valid Unicode text at position {i + 1}; was it saved as UTF-8?";
            if ((char.IsControl(c) && c is not ('\t' or '\n' or '\r')) || IsBidiControl(c))
                return $"{Capitalized(what)} holds the control character U+{(int)c:X4} at position {i + 1}; remove it.";
        }
        return null;
    }

    /// <summary>Nothing to read: empty, or only white space and invisible characters.</summary>
    public static bool IsBlank([NotNullWhen(false)] string? text) => text is null || text.All(c => char.IsWhiteSpace(c) || IsInvisible(c));

    private static bool IsInvisible(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format || c is '\u115F' or '\u1160' or '\u2800' or '\u3164' or '\uFFA0';

    /// <summary>U+202A-U+202E (embeddings, overrides) and U+2066-U+2069 (isolates).</summary>
    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary>Throws <see cref="ArgumentException"/> with the problem, if any.</summary>
    public static string Require(string? text, string what) =>
        Problem(text, what) is { } problem ? throw new ArgumentException(problem) : text!.Trim();

    /// <summary>"the question" as the start of a sentence.</summary>
    public static string Capitalized(string what) => what.Length == 0 ? what : char.ToUpperInvariant(what[0]) + what[1..];
}
