namespace PatcherPortal.Engine.Datasets;

/// <summary>
/// Examples whose outputs the model must keep, none of them in the memory: <see cref="Train"/> (trained-on inputs:
/// TrainR and the consolidation replay) and <see cref="Test"/> (held-out inputs: TestR, never replayed).
/// </summary>
public sealed record KeepSet(IReadOnlyList<EditExample> Train, IReadOnlyList<EditExample> Test)
{
    public IReadOnlyList<LabelledInput> TrainPairs => Train.Select(e => new LabelledInput(e.Input, e.Target)).ToList();
    public IReadOnlyList<LabelledInput> TestPairs => Test.Select(e => new LabelledInput(e.Input, e.Target)).ToList();

    /// <summary>The trained-on examples with their paraphrases, except any that is a held-out input, which TestR measures.</summary>
    public IReadOnlyList<LabelledInput> Replay
    {
        get
        {
            var heldOut = Test.SelectMany(e => e.AllInputs()).Select(InputText.Normalize).ToHashSet();
            return Train.SelectMany(e => e.AllInputs().Select(i => new LabelledInput(i, e.Target)))
                .Where(p => !heldOut.Contains(InputText.Normalize(p.Input))).Distinct().ToList();
        }
    }
}
