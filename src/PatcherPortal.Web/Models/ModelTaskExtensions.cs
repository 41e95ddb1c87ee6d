namespace PatcherPortal.Web.Models;

public static class ModelTaskExtensions
{
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
}
