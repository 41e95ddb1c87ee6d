using PatcherPortal.Engine.Datasets;

namespace PatcherPortal.Engine.Editing.Baselines.HyperNetworks;

/// <summary>One training edit for a hyper-network editor: make <see cref="Input"/> (and its paraphrases) give
/// <see cref="Target"/> while the locality inputs keep their answers.</summary>
public sealed record EditCase(string Input, string Target, IReadOnlyList<string> Paraphrases, IReadOnlyList<LabelledInput> Locality)
{
    public IReadOnlyList<string> AllInputs => [Input, .. Paraphrases];

    /// <summary>
    /// Counterfactual edits of the training split, which the base model knows: each example's alternative answer
    /// (CounterFact's new target) or, without one, another training example's different answer (another capital, the
    /// other label), with the example's paraphrases and its locality probes topped up by other training examples.
    /// </summary>
    public static IReadOnlyList<EditCase> FromTraining(IReadOnlyList<EditExample> train, int localityPerCase, int seed)
    {
        if (train.Select(e => e.Target).Distinct().Count() < 2)
            throw new ArgumentException("Training an editor needs examples with at least two different answers.", nameof(train));
        var random = new Random(seed);
        EditExample Other(Func<EditExample, bool> accept)
        {
            for (var tries = 0; ; tries++)
            {
                var other = train[random.Next(train.Count)];
                if (accept(other) || tries > 100) return other;
            }
        }
        return train.Select(e =>
        {
            var target = e.AlternativeAnswer is { } alternative && alternative != e.Target ? alternative : Other(o => o.Target != e.Target).Target;
            var locality = e.Locality.Take(localityPerCase)
                .Concat(Enumerable.Range(0, localityPerCase).Select(_ => Other(o => o.Id != e.Id)).Select(o => new LabelledInput(o.Input, o.Target)))
                .Take(localityPerCase).ToList();
            return (Answer: e.Target, Case: new EditCase(e.Input, target, e.Paraphrases, locality));
        }).Where(c => c.Case.Target != c.Answer).Select(c => c.Case).ToList();
    }
}
