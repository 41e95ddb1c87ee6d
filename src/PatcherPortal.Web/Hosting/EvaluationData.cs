using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Training;
using PatcherPortal.Web.Infrastructure;

namespace PatcherPortal.Web.Hosting;

/// <summary>
/// The examples a task's model is judged on, cut by <see cref="MemoryAndKeep"/>: the memory new patches must stay
/// silent on, and apart from it the train subset (TrainR) and test set (TestR) of the paper's retain rates and the
/// consolidation replay; plus a few inputs to suggest in the playground.
/// </summary>
public sealed record EvaluationData(
    IReadOnlyList<LabelledInput> Memory,
    IReadOnlyList<LabelledInput> Train,
    IReadOnlyList<LabelledInput> Test,
    IReadOnlyList<string> Suggestions)
{
    /// <summary>Memory examples with their paraphrases: how rephrasing moves a query (see ParaphraseShifts).</summary>
    public IReadOnlyList<EditExample> Paraphrased { get; init; } = [];
    /// <summary>Kept training examples a consolidation fine-tunes on beside the edits.</summary>
    public IReadOnlyList<LabelledInput> Replay { get; init; } = [];
    public IReadOnlyList<MissingFigure> Missing { get; init; } = [];
    /// <summary>The data's examples that name their subject and relation (the built-in country facts), every split.</summary>
    public IReadOnlyList<EditExample> Facts { get; init; } = [];

    /// <summary>The data's questions (or claims) about the subject of <paramref name="input"/> in its other relations,
    /// where the data knows that subject: the neighbours an edit of one fact must leave alone.</summary>
    public IReadOnlyList<string> SubjectQuestions(string input)
    {
        var key = input.Trim();
        var edited = Facts.FirstOrDefault(f => f.Subject is not null
            && (string.Equals(f.Input, key, StringComparison.OrdinalIgnoreCase) || f.Paraphrases.Contains(key, StringComparer.OrdinalIgnoreCase)));
        return edited is null ? [] : Facts.Where(f => f.Subject == edited.Subject && f.Relation != edited.Relation).Select(f => f.Input).Distinct().ToList();
    }

    public PatcherSetup PatcherSetup(PatcherOptions options) => new(options, Memory) { Paraphrased = Paraphrased };

    /// <summary>A model with no data yet: its memory comes from its own traffic, and the retain metrics cannot be computed.</summary>
    public static readonly EvaluationData None = From(MemoryAndKeep.Build(ModelExamples.None), new EvaluationOptions(), []);

    /// <param name="task">The built-in data set: the engine's task code (qa, fc).</param>
    public static EvaluationData For(string task, ModelProfile profile, EvaluationOptions options) =>
        profile == ModelProfile.Tiny ? Tiny(task, options) : Default(task, options);

    public static EvaluationData From(MemoryAndKeep sets, EvaluationOptions options, IReadOnlyList<string> suggestions) =>
        new(sets.Memory, sets.Keep.TrainPairs.Take(options.TrainSubset).ToList(), sets.Keep.TestPairs.Take(options.TestSubset).ToList(), suggestions)
        {
            Paraphrased = sets.Paraphrased, Replay = sets.Keep.Replay, Missing = sets.Missing,
        };

    /// <summary>Answers annotators accepted as right join the keep set: TrainR measures them and consolidation replays them;
    /// they leave the memory, so the two stay disjoint.</summary>
    public EvaluationData WithAccepted(IReadOnlyList<LabelledInput> accepted)
    {
        if (accepted.Count == 0) return this;
        var inputs = accepted.Select(a => AnswerNormalizer.Normalize(a.Input)).ToHashSet();
        bool Accepted(LabelledInput pair) => inputs.Contains(AnswerNormalizer.Normalize(pair.Input));
        return this with
        {
            Memory = Memory.Where(m => !Accepted(m)).ToList(),
            Train = [.. Train.Where(t => !Accepted(t)), .. accepted],
            Test = Test.Where(t => !Accepted(t)).ToList(),
            Replay = [.. Replay.Where(r => !Accepted(r)), .. accepted],
            Missing = Missing.Where(m => m.Name is not (MissingFigure.TrainRetain or MissingFigure.Replay)).ToList(),
        };
    }

    private static EvaluationData Default(string task, EvaluationOptions options)
    {
        var data = TaskData.Default(task);
        var sets = MemoryAndKeep.Build(ModelExamples.From(data), new MemoryAndKeepOptions { GroupOf = DefaultDataset.FactOf });
        return From(sets, options, [.. data.Splits.Edit.Take(4).Select(e => e.Input), .. sets.Keep.Train.Take(2).Select(e => e.Input)]) with
        {
            Facts = [.. data.Splits.Train, .. data.Splits.Val, .. data.Splits.Edit, .. data.Splits.Test],
        };
    }

    /// <summary>The tiny models know the first 40 capital facts (their questions or claims, not the rephrasings) and get
    /// the rest wrong; a known fact's first rephrasing is held out (TestR).</summary>
    private static EvaluationData Tiny(string task, EvaluationOptions options)
    {
        var facts = TinyBaseModels.Facts();
        var known = facts.Take(40).ToList();
        var unknown = facts.Skip(40).ToList();
        var trained = task == EditDataset.QuestionAnswering ? DefaultDataset.QuestionAnswering(known).Examples : DefaultDataset.FactChecking(known).Examples;
        var heldOut = trained.Where(e => e.Paraphrases.Count > 0).Select(e => e with { Input = e.Paraphrases[0], Paraphrases = [] }).ToList();
        var sets = MemoryAndKeep.Build(new ModelExamples(trained, heldOut), new MemoryAndKeepOptions { GroupOf = DefaultDataset.FactOf });
        IReadOnlyList<string> suggestions = task == EditDataset.QuestionAnswering
            ? [.. unknown.Take(4).Select(f => f.Question), .. known.Take(2).Select(f => f.Question)]
            : [.. unknown.Take(2).SelectMany(f => f.Claims.Take(2).Select(c => c.Text)), .. known.Take(2).Select(f => f.Claims[0].Text)];
        var all = task == EditDataset.QuestionAnswering ? DefaultDataset.QuestionAnswering(facts).Examples : DefaultDataset.FactChecking(facts).Examples;
        return From(sets, options, suggestions) with { Facts = all };
    }
}
