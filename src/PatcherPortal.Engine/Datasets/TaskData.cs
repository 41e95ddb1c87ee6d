namespace PatcherPortal.Engine.Datasets;

/// <summary>
/// A dataset split the paper's way (appendix B): the base model trains on Train, editing walks the Edit folds,
/// TrainR is measured on a subset of Train, TestR on Test. Paraphrases of edit examples form the equivalence sets.
/// </summary>
public sealed record TaskData(string Task, string Name, Splits Splits)
{
    public const int DefaultSeed = 2026;
    /// <summary>The paper's n = 20 (appendix B): a fold's edits are few beside the training set, as in the paper's
    /// runs, so each fold measures locality after a stream of the paper's relative length.</summary>
    public const int DefaultFolds = 20;

    /// <summary>Training pairs: every train example and, optionally, its paraphrases with the same answer.</summary>
    public IReadOnlyList<LabelledInput> TrainingPairs(bool includeParaphrases = true) =>
        Splits.Train.SelectMany(e => (includeParaphrases ? [e.Input, .. e.Paraphrases] : new[] { e.Input }).Select(i => new LabelledInput(i, e.Target))).ToList();

    /// <summary>The train subset D_tr used for TrainR (the first examples of the shuffled train split).</summary>
    public IReadOnlyList<EditExample> TrainSubset(int size) => Splits.Train.Take(size).ToList();

    /// <summary>The default country facts, split by fact so no fact's claims or questions straddle two splits.</summary>
    public static TaskData Default(string task, int seed = DefaultSeed, int folds = DefaultFolds, SplitFractions? fractions = null)
    {
        var facts = DefaultDataset.LoadFacts();
        var examples = DefaultDataset.QuestionAnswering(facts).Examples;
        var byFact = Split(examples, seed, folds, fractions ?? SplitFractions.Default);
        if (task == EditDataset.QuestionAnswering) return new TaskData(task, "countries-qa", byFact);
        if (task != EditDataset.FactChecking) throw new ArgumentException($"Unknown task '{task}' (use qa or fc).");
        var factsById = facts.ToDictionary(f => f.Id);
        IReadOnlyList<EditExample> Claims(IEnumerable<EditExample> part) =>
            DefaultDataset.FactChecking(part.Select(e => factsById[e.Id]).ToList()).Examples;
        return new TaskData(task, "countries-fc", new Splits(Claims(byFact.Train), Claims(byFact.Val), Claims(byFact.Edit),
            Claims(byFact.Test), byFact.EditFolds.Select(Claims).ToList()));
    }

    /// <summary>Any dataset read from a file, split by example.</summary>
    public static TaskData FromDataset(EditDataset dataset, int seed = DefaultSeed, int folds = DefaultFolds, SplitFractions? fractions = null) =>
        new(dataset.Task, dataset.Name, Split(dataset.Examples, seed, folds, fractions ?? SplitFractions.Default));

    /// <summary>A small file's edit set cannot fill every fold: it gets one fold per edit example instead of an error.</summary>
    private static Splits Split(IReadOnlyList<EditExample> examples, int seed, int folds, SplitFractions f) =>
        DatasetSplits.Create(examples, seed, f.Train, f.Val, f.Edit,
            Math.Clamp(DatasetSplits.EditCount(examples.Count, f.Train, f.Val, f.Edit), 1, folds));
}
