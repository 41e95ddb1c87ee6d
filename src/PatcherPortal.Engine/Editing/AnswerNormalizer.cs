using System.Globalization;
using System.Text;

namespace PatcherPortal.Engine.Editing;

/// <summary>Normalised exact match as in SQuAD-style QA evaluation: case, accents, punctuation, articles, spaces.</summary>
public static class AnswerNormalizer
{
    private static readonly HashSet<string> Articles = ["a", "an", "the"];

    public static string Normalize(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder();
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark) continue;
            kept.Append(char.IsPunctuation(c) || char.IsSymbol(c) ? ' ' : c);
        }
        return string.Join(' ', kept.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !Articles.Contains(w)));
    }
}
