using PatcherPortal.Engine.Editing;

namespace PatcherPortal.Engine.Datasets;

internal static class InputText
{
    /// <summary>Inputs differing only in case, accents, punctuation, articles or spacing count as one input.</summary>
    public static string Normalize(string text) => AnswerNormalizer.Normalize(text);

    public static IEnumerable<string> AllInputs(this EditExample example) => [example.Input, .. example.Rephrases];
}
