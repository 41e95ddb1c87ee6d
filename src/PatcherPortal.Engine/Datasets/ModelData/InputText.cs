using PatcherPortal.Engine.Editing;

namespace PatcherPortal.Engine.Datasets;

internal static class InputText
{
    /// <summary>Inputs differing only in case, accents, punctuation, articles or spacing count as one input.</summary>
    public static string Normalize(string text) => AnswerNormalizer.Normalize(text);

    /// <summary>The same text but for case and spacing: a stricter match than <see cref="Normalize"/>, for conflicts.</summary>
    public static string Spaced(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    public static IEnumerable<string> AllInputs(this EditExample example) => [example.Input, .. example.Paraphrases];
}
