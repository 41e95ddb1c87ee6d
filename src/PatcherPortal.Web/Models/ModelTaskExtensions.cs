namespace PatcherPortal.Web.Models;

public static class ModelTaskExtensions
{
    public static readonly ModelTask[] All = [ModelTask.QuestionAnswering, ModelTask.FactChecking];

    public static string DisplayName(this ModelTask task) => task switch
    {
        ModelTask.QuestionAnswering => "Question answering",
        ModelTask.FactChecking => "Fact checking",
        _ => task.ToString(),
    };

    public static string Description(this ModelTask task) => task switch
    {
        ModelTask.QuestionAnswering => "Answers factual questions; wrong answers are patched one neuron at a time.",
        ModelTask.FactChecking => "Labels claims as supported or refuted; wrong verdicts are patched in place.",
        _ => string.Empty,
    };

    /// <summary>The engine's task code, also used in URLs, queue names and file paths.</summary>
    public static string Code(this ModelTask task) => task == ModelTask.QuestionAnswering ? "qa" : "fc";

    public static string InputLabel(this ModelTask task) => task == ModelTask.QuestionAnswering ? "Question" : "Claim";

    public static bool TryParse(string? code, out ModelTask task)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Code(), code, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(candidate.ToString(), code, StringComparison.OrdinalIgnoreCase))
            {
                task = candidate;
                return true;
            }
        }
        task = default;
        return false;
    }
}
