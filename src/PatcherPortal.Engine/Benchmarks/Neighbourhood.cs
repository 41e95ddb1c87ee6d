using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;

namespace PatcherPortal.Engine.Benchmarks;

/// <summary>Each edit example's neighbours (see <see cref="NeighbourSets"/>), what f0 answers on them and, where the data
/// knows it, the dataset's answer (<see cref="Expected"/>).</summary>
public sealed record Neighbourhood(IReadOnlyDictionary<string, IReadOnlyList<string>> ByExample, IReadOnlyDictionary<string, string> Before)
{
    public IReadOnlyDictionary<string, string> Expected { get; init; } = new Dictionary<string, string>();

    public static Neighbourhood Measure(IEditableModel f0, IReadOnlyDictionary<string, IReadOnlyList<LabelledInput>> byExample)
    {
        var probes = byExample.Values.SelectMany(v => v).DistinctBy(p => p.Input, StringComparer.Ordinal).ToList();
        var answers = probes.Count == 0 ? [] : f0.Predict(probes.Select(p => p.Input).ToList());
        return new Neighbourhood(byExample.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.Select(v => v.Input).ToList()),
            probes.Zip(answers).ToDictionary(p => p.First.Input, p => p.Second))
        { Expected = probes.ToDictionary(p => p.Input, p => p.Target) };
    }

    /// <summary>The edit's neighbours less any input of the stream itself (a stream example may be edited on purpose).</summary>
    public IReadOnlyList<string> Of(EditExample edit, IReadOnlySet<string> streamInputs) =>
        ByExample.TryGetValue(edit.Id, out var inputs) ? inputs.Where(i => !streamInputs.Contains(i)).ToList() : [];

    /// <summary>Every input and paraphrase of a stream.</summary>
    public static IReadOnlySet<string> Inputs(IEnumerable<EditExample> stream) =>
        stream.SelectMany(e => e.Paraphrases.Prepend(e.Input)).ToHashSet(StringComparer.Ordinal);
}

/// <summary>A neighbour of an edit that answers differently from f0: right after that edit, or at the end of the stream.
/// <see cref="ToDatasetAnswer"/>: it now gives the dataset's answer, which f0 did not (a change, but not a wrong one).</summary>
public sealed record NeighbourChange(string EditId, string EditInput, string Input, string Before, string After, bool AtEnd,
    bool ToDatasetAnswer = false);
