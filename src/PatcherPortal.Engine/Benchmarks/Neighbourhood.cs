using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;

namespace PatcherPortal.Engine.Benchmarks;

/// <summary>Each edit example's neighbours (see <see cref="NeighbourSets"/>) and what f0 answers on them.</summary>
public sealed record Neighbourhood(IReadOnlyDictionary<string, IReadOnlyList<string>> ByExample, IReadOnlyDictionary<string, string> Before)
{
    public static Neighbourhood Measure(IEditableModel f0, IReadOnlyDictionary<string, IReadOnlyList<string>> byExample)
    {
        var inputs = byExample.Values.SelectMany(v => v).Distinct().ToList();
        var answers = inputs.Count == 0 ? [] : f0.Predict(inputs);
        return new Neighbourhood(byExample, inputs.Zip(answers).ToDictionary(p => p.First, p => p.Second));
    }

    /// <summary>The edit's neighbours less any input of the stream itself (a stream example may be edited on purpose).</summary>
    public IReadOnlyList<string> Of(EditExample edit, IReadOnlySet<string> streamInputs) =>
        ByExample.TryGetValue(edit.Id, out var inputs) ? inputs.Where(i => !streamInputs.Contains(i)).ToList() : [];

    /// <summary>Every input and paraphrase of a stream.</summary>
    public static IReadOnlySet<string> Inputs(IEnumerable<EditExample> stream) =>
        stream.SelectMany(e => e.Rephrases.Prepend(e.Input)).ToHashSet(StringComparer.Ordinal);
}

/// <summary>A neighbour of an edit that answers differently from f0: right after that edit, or at the end of the stream.</summary>
public sealed record NeighbourChange(string EditId, string EditInput, string Input, string Before, string After, bool AtEnd);
