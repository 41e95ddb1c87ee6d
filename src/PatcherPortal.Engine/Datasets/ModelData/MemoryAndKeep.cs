namespace PatcherPortal.Engine.Datasets;

/// <summary>
/// A model's data cut in two, disjoint by construction: the <see cref="Memory"/> (inputs its patches must stay silent
/// on) and the <see cref="Keep"/> set (inputs whose outputs it must keep, measured by TrainR and TestR). Examples are
/// cut by group (an example with its paraphrases, every example sharing an input or paraphrase with it, and those of
/// one <see cref="MemoryAndKeepOptions.GroupOf"/> key), so no input, nor a paraphrase of it, is on both sides.
/// </summary>
public sealed record MemoryAndKeep(IReadOnlyList<EditExample> MemoryExamples, KeepSet Keep)
{
    /// <summary>Every memory input (paraphrases too) with its target.</summary>
    public IReadOnlyList<LabelledInput> Memory =>
        MemoryExamples.SelectMany(e => e.AllInputs().Select(i => new LabelledInput(i, e.Target))).Distinct().ToList();

    /// <summary>Memory examples that have paraphrases: the editor's paraphrase shifts.</summary>
    public IReadOnlyList<EditExample> Paraphrased => MemoryExamples.Where(e => e.Paraphrases.Count > 0).ToList();

    /// <summary>What these sets cannot give, e.g. a model without data yet has no TrainR or TestR.</summary>
    public IReadOnlyList<MissingFigure> Missing { get; init; } = [];

    /// <summary>
    /// Trained-on groups are shuffled with the seed and <see cref="MemoryAndKeepOptions.KeepShare"/> of them (rounded
    /// down) are kept, the rest is the memory; groups of held-out examples alone are always kept (TestR). A held-out
    /// example grouped with a memory example joins the memory.
    /// </summary>
    public static MemoryAndKeep Build(ModelExamples examples, MemoryAndKeepOptions? options = null)
    {
        options ??= new MemoryAndKeepOptions();
        var all = examples.Trained.Select(e => (Example: e, Trained: true)).Concat(examples.HeldOut.Select(e => (Example: e, Trained: false))).ToList();
        var groups = ExampleGroups.Of(all.Select(a => a.Example).ToList(), options.GroupOf ?? (e => e.Id))
            .Select(g => g.Select(i => all[i]).ToList()).ToList();
        var random = new Random(options.Seed);
        var trained = groups.Where(g => g.Any(a => a.Trained)).ToArray();
        var heldOut = groups.Where(g => !g.Any(a => a.Trained)).ToArray();
        random.Shuffle(trained);
        random.Shuffle(heldOut);
        var keepCount = (int)Math.Floor(trained.Length * options.KeepShare + 1e-9);
        var kept = trained[..keepCount].Concat(heldOut).SelectMany(g => g).ToList();
        var keep = new KeepSet(kept.Where(a => a.Trained).Select(a => a.Example).ToList(), kept.Where(a => !a.Trained).Select(a => a.Example).ToList());
        var memory = trained[keepCount..].SelectMany(g => g).Select(a => a.Example).ToList();
        return new MemoryAndKeep(memory, keep) { Missing = MissingFrom(examples, memory, keep) };
    }

    private static List<MissingFigure> MissingFrom(ModelExamples examples, IReadOnlyList<EditExample> memory, KeepSet keep)
    {
        var missing = new List<MissingFigure>();
        if (keep.Train.Count == 0)
            missing.Add(new(MissingFigure.TrainRetain, examples.Trained.Count == 0
                ? "the model has no labelled examples of what it was trained on"
                : "its training examples are too few to keep some out of the memory"));
        if (keep.Test.Count == 0)
            missing.Add(new(MissingFigure.TestRetain, "the model has no held-out labelled examples (inputs it was not trained on)"));
        if (keep.Replay.Count == 0)
            missing.Add(new(MissingFigure.Replay, "there are no kept training examples to replay; a consolidation fine-tunes on the edits and anchors alone"));
        if (!memory.Any(e => e.Paraphrases.Count > 0))
            missing.Add(new(MissingFigure.ParaphraseShifts, "no memory example has paraphrases, so patches train without paraphrase shifts"));
        return missing;
    }
}
