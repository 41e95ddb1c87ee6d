using System.Globalization;
using System.Text;
using PatcherPortal.Web.Review;

namespace PatcherPortal.Web.Components.Shared;

/// <summary>
/// An uncased model (a lower-casing WordPiece vocabulary) answers "lusaka" for "Lusaka". When a patch produced the answer,
/// the annotator's target says how it is written; this finds that target, or null when there is none to show.
/// </summary>
public static class AnswerCasing
{
    public static FiredPatchInfo? WrittenAsCorrected(string output, bool caseInsensitive, IReadOnlyList<FiredPatchInfo> fired) =>
        caseInsensitive
            ? fired.FirstOrDefault(f => f.EditTarget is { } target && target.Trim() != output.Trim() && Folded(target) == Folded(output))
            : null;

    /// <summary>What an uncased tokenizer keeps of a text: lower case, no accents, and (in its decoding) no telling spaces.</summary>
    private static string Folded(string text)
    {
        var folded = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
            if (!char.IsWhiteSpace(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                folded.Append(char.ToLowerInvariant(c));
        return folded.ToString();
    }
}
