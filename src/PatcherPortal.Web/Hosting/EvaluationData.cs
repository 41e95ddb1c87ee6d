using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Training;
using PatcherPortal.Web.Infrastructure;

namespace PatcherPortal.Web.Hosting;

/// <summary>
/// The examples a task's model is judged on: the memory new patches must stay silent on, the train subset (TrainR)
/// and test set (TestR) of the paper's retain rates, and a few inputs to suggest in the playground.
/// </summary>
public sealed record EvaluationData(
    IReadOnlyList<(string Input, string Target)> Memory,
    IReadOnlyList<(string Input, string Target)> Train,
    IReadOnlyList<(string Input, string Target)> Test,
    IReadOnlyList<string> Suggestions)
{
    /// <summary>Training examples with their paraphrases: how rephrasing moves a query (see ParaphraseShifts).</summary>
    public IReadOnlyList<EditExample> Paraphrased { get; init; } = [];

    /// <summary>A model with no data yet: its memory comes from its own traffic, and the retain metrics cannot be computed.</summary>
    public static readonly EvaluationData None = new([], [], [], []);

    /// <param name="task">The built-in data set: the engine's task code (qa, fc).</param>
    public static EvaluationData For(string task, ModelProfile profile, EvaluationOptions options) =>
        profile == ModelProfile.Tiny ? Tiny(task) : Default(task, options);

    private static EvaluationData Default(string task, EvaluationOptions options)
    {
        var data = TaskData.Default(task);
        static IReadOnlyList<(string, string)> Pairs(IEnumerable<EditExample> examples) => examples.Select(e => (e.Input, e.Answer)).ToList();
        return new EvaluationData(data.TrainingPairs(), Pairs(data.TrainSubset(options.TrainSubset)),
            Pairs(data.Splits.Test.Take(options.TestSubset)),
            [.. data.Splits.Edit.Take(4).Select(e => e.Input), .. data.Splits.Train.Take(2).Select(e => e.Input)])
        { Paraphrased = data.Splits.Train };
    }

    /// <summary>The tiny models know the first 40 capital facts and get the rest wrong; TestR uses the known facts' rephrasings.</summary>
    private static EvaluationData Tiny(string task)
    {
        var facts = TinyBaseModels.Facts();
        var known = facts.Take(40).ToList();
        var unknown = facts.Skip(40).ToList();
        if (task == EditDataset.QuestionAnswering)
        {
            var train = TinyBaseModels.Questions(known);
            var test = known.SelectMany(f => f.Rephrases.Take(1).Select(r => (r, f.Answer))).ToList();
            return new EvaluationData(train, train, test, [.. unknown.Take(4).Select(f => f.Question), .. known.Take(2).Select(f => f.Question)])
                { Paraphrased = DefaultDataset.QuestionAnswering(known).Examples };
        }
        var claims = TinyBaseModels.Claims(known);
        var rephrased = known.SelectMany(f => f.Claims.SelectMany(c => c.Rephrases.Take(1).Select(r => (r, c.Label)))).ToList();
        return new EvaluationData(claims, claims, rephrased,
            [.. unknown.Take(2).SelectMany(f => f.Claims.Take(2).Select(c => c.Text)), .. known.Take(2).Select(f => f.Claims[0].Text)])
            { Paraphrased = DefaultDataset.FactChecking(known).Examples };
    }
}
