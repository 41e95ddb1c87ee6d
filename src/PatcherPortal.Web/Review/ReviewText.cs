using System.Text;
using System.Text.RegularExpressions;

namespace PatcherPortal.Web.Review;

public static partial class ReviewText
{
    /// <summary>The input as duplicates are compared: Unicode compatibility form, case and runs of white space ignored.</summary>
    public static string Key(string input) => Spaces().Replace(input.Normalize(NormalizationForm.FormKC), " ").Trim().ToLowerInvariant();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
