using PatcherPortal.Engine.Datasets;

namespace PatcherPortal.Engine.Editing.Baselines.HyperNetworks;

/// <summary>One training edit for a hyper-network editor: make <see cref="Input"/> (and its paraphrases) give
/// <see cref="Target"/> while the locality inputs keep their answers.</summary>
public sealed record EditCase(string Input, string Target, IReadOnlyList<string> Paraphrases, IReadOnlyList<(string Input, string Target)> Locality)
{
    public IReadOnlyList<string> AllInputs => [Input, .. Paraphrases];

    /// <summary>
    /// Counterfactual edits of the training split, which the base model knows: each example's alternative answer
    /// (CounterFact's new target) or, without one, another training example's different answer (another capital, the
    /// other label), with the example's paraphrases and its locality probes topped up by other training examples.
    /// </summary>
    public static IReadOnlyList<EditCase> FromTraining(IReadOnlyList<EditExample> train, int localityPerCase, int seed)
    {
        if (train.Select(e => e.Answer).Distinct().Count() < 2)
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
            var target = e.AlternativeAnswer is { } alternative && alternative != e.Answer ? alternative : Other(o => o.Answer != e.Answer).Answer;
            var locality = e.Locality.Take(localityPerCase).Select(p => (p.Input, p.Answer))
                .Concat(Enumerable.Range(0, localityPerCase).Select(_ => Other(o => o.Id != e.Id)).Select(o => (o.Input, o.Answer)))
                .Take(localityPerCase).ToList();
            return (Answer: e.Answer, Case: new EditCase(e.Input, target, e.Rephrases, locality));
        }).Where(c => c.Case.Target != c.Answer).Select(c => c.Case).ToList();
    }
}
