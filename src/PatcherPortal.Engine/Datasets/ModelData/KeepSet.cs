namespace PatcherPortal.Engine.Datasets;

/// <summary>
/// Examples whose outputs the model must keep, none of them in the memory: <see cref="Train"/> (trained-on inputs:
/// TrainR and the consolidation replay) and <see cref="Test"/> (held-out inputs: TestR, never replayed).
/// </summary>
public sealed record KeepSet(IReadOnlyList<EditExample> Train, IReadOnlyList<EditExample> Test)
{
    public IReadOnlyList<(string Input, string Target)> TrainPairs => Train.Select(e => (e.Input, e.Answer)).ToList();
    public IReadOnlyList<(string Input, string Target)> TestPairs => Test.Select(e => (e.Input, e.Answer)).ToList();

    /// <summary>The trained-on examples with their paraphrases, except any that is a held-out input, which TestR measures.</summary>
    public IReadOnlyList<(string Input, string Target)> Replay
    {
        get
        {
            var heldOut = Test.SelectMany(e => e.AllInputs()).Select(InputText.Normalize).ToHashSet();
            return Train.SelectMany(e => e.AllInputs().Select(i => (i, e.Answer)))
                .Where(p => !heldOut.Contains(InputText.Normalize(p.i))).Distinct().ToList();
        }
    }
}
