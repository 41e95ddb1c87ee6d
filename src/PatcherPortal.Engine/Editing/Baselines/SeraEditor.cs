using System.Diagnostics;
using PatcherPortal.Engine.Import;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing.Baselines;

/// <summary>
/// SERA (paper appendix B): SERAC's cache of edits and scope classifier, but an input in the scope of a cached edit
/// gets that edit's answer directly instead of a counterfactual model's; other inputs get the base model's answer.
/// The scope classifier is the cosine similarity of sentence embeddings (all-MiniLM-L6-v2 by default) to the most
/// similar cached edit input, against a threshold.
/// </summary>
public sealed class SeraEditor : IModelEditor
{
    /// <summary>
    /// SERAC trains its scope classifier; an untrained encoder needs a similarity cut instead. With all-MiniLM-L6-v2 on
    /// the default country facts, 0.8 keeps 99% of question rephrasings and all claim rephrasings in scope, and 95% of
    /// other questions about the same country and all other facts out; but 65% of the other claims about the same
    /// fact (another value, often the other label) fall in scope and get the cached label, the TrainR/TestR cost the
    /// paper's SERA also pays. Tune it on validation data for another dataset.
    /// </summary>
    public const double DefaultThreshold = 0.8;
    private const int EmbedBatchSize = 64;

    private readonly Func<IReadOnlyList<string>, float[][]> embed;
    private readonly long scopeModelParameters;
    private readonly List<string> answers = [];
    private Tensor? keys; // (C, d) unit rows, oldest first
    private IDisposable? ownedEncoder;

    /// <param name="embed">Sentence embeddings of a batch of inputs (normalised here, so any length is fine).</param>
    /// <param name="scopeModelParameters">Parameters of the model behind <paramref name="embed"/>, counted as the editor's own.</param>
    public SeraEditor(IEditableModel model, Func<IReadOnlyList<string>, float[][]> embed, double threshold = DefaultThreshold,
        long scopeModelParameters = 0)
    {
        Model = model;
        this.embed = embed;
        Threshold = threshold;
        this.scopeModelParameters = scopeModelParameters;
    }

    /// <summary>SERA with the pretrained all-MiniLM-L6-v2 (22.7M parameters) as its scope model; the editor owns it.</summary>
    public static SeraEditor WithMiniLm(IEditableModel model, double threshold = DefaultThreshold, Device? device = null)
    {
        var encoder = MiniLmImporter.Import(device ?? CPU);
        return new SeraEditor(model, encoder.Embed, threshold, encoder.ParameterCount) { ownedEncoder = encoder };
    }

    public string Name => "SERA";
    public IEditableModel Model { get; }
    public double Threshold { get; }
    public int CacheCount => answers.Count;
    public long ParameterCount => Model.BaseParameterCount + scopeModelParameters + (keys?.numel() ?? 0);

    public IReadOnlyList<string> Predict(IReadOnlyList<string> inputs)
    {
        var cached = CachedAnswers(inputs);
        var outOfScope = Enumerable.Range(0, inputs.Count).Where(i => cached[i] is null).ToList();
        var predictions = cached.ToArray();
        if (outOfScope.Count > 0)
            foreach (var (i, prediction) in outOfScope.Zip(Model.Predict(outOfScope.Select(i => inputs[i]).ToList())))
                predictions[i] = prediction;
        return predictions!;
    }

    /// <summary>Per input, the answer of the most similar cached edit if its similarity reaches the threshold, else null.</summary>
    public IReadOnlyList<string?> CachedAnswers(IReadOnlyList<string> inputs)
    {
        var result = new string?[inputs.Count];
        if (keys is null || inputs.Count == 0) return result;
        using var scope = NewDisposeScope();
        // Flipped so that among equally similar edits the newest wins: a re-edited input takes its latest answer.
        var (values, indexes) = Embed(inputs).matmul(keys.flip(0).t()).max(1);
        var similarity = values.data<float>().ToArray();
        var index = indexes.data<long>().ToArray();
        for (var i = 0; i < inputs.Count; i++)
            if (similarity[i] >= Threshold) result[i] = answers[answers.Count - 1 - (int)index[i]];
        return result;
    }

    public EditOutcome Edit(EditRequest request, IProgress<EditProgress>? progress = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        cancellation.ThrowIfCancellationRequested();
        using var scope = NewDisposeScope();
        using (Model.Locate([request.Input], request.Target)) { } // refuses a label the model cannot give, like the other editors
        var inputs = request.AllInputs;
        if (AllMatch(inputs, request.Target))
            return new EditOutcome(EditStatus.AlreadyCorrect, clock.Elapsed, 0, "The model already gives this answer.");

        var (previous, added) = (keys, Embed(inputs));
        keys = (previous is null ? added : cat([previous, added], 0)).DetachFromDisposeScope();
        answers.AddRange(inputs.Select(_ => request.Target));
        if (AllMatch(inputs, request.Target))
        {
            previous?.Dispose();
            return new EditOutcome(EditStatus.Fixed, clock.Elapsed, 0, $"Cached with {inputs.Count} input{(inputs.Count > 1 ? "s" : "")}; {CacheCount} cached in all.");
        }
        keys.Dispose();
        keys = previous;
        answers.RemoveRange(answers.Count - inputs.Count, inputs.Count);
        return new EditOutcome(EditStatus.Failed, clock.Elapsed, 0, "A more similar cached edit still answers differently; the cache is unchanged.");
    }

    public void Dispose()
    {
        keys?.Dispose();
        ownedEncoder?.Dispose();
    }

    private bool AllMatch(IReadOnlyList<string> inputs, string target) => Predict(inputs).All(p => Model.Matches(p, target));

    private Tensor Embed(IReadOnlyList<string> inputs) // (B, d) unit rows
    {
        using var scope = NewDisposeScope();
        var rows = inputs.Chunk(EmbedBatchSize).SelectMany(chunk => embed(chunk)).ToArray();
        if (rows.Length != inputs.Count || rows.Any(r => r.Length != rows[0].Length))
            throw new InvalidOperationException($"The scope model returned {rows.Length} embeddings for {inputs.Count} inputs, or of different sizes.");
        var matrix = tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, rows[0].Length]);
        return nn.functional.normalize(matrix, p: 2, dim: 1).MoveToOuterDisposeScope();
    }
}
