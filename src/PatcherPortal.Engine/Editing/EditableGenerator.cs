using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing;

/// <summary>
/// A question answerer as the editor sees it. Under teacher forcing, the rows are the positions that predict the
/// answer tokens and the end-of-text token; the last layer's other positions cannot change a greedy answer.
/// </summary>
public sealed class EditableGenerator(IAnswerGenerator languageModel) : IEditableModel
{
    private const int BatchSize = 32;

    public IAnswerGenerator LanguageModel { get; } = languageModel;
    public IPatchableModel Network => LanguageModel.Network;
    public nn.Module Module => LanguageModel.Module;
    public long BaseParameterCount => LanguageModel.Module.ParameterCount();

    public EditRows Locate(IReadOnlyList<string> inputs, string target)
    {
        using var scope = NewDisposeScope();
        var rows = inputs.Select(i => AnswerRows([new LabelledInput(i, target)])).ToList();
        var primary = (int)rows[0].Query.shape[0];
        var result = new EditRows(cat(rows.Select(r => r.Residual).ToList(), 0).MoveToOuterDisposeScope(),
            cat(rows.Select(r => r.Query).ToList(), 0).MoveToOuterDisposeScope(),
            cat(rows.Select(r => r.Targets).ToList(), 0).MoveToOuterDisposeScope(), primary);
        return result;
    }

    public Tensor MemoryQueries(IReadOnlyList<LabelledInput> examples, int maxRows, int seed)
    {
        using var scope = NewDisposeScope();
        var queries = cat(examples.Chunk(BatchSize).Select(chunk => AnswerRows(chunk).Query).ToList(), 0);
        if (queries.shape[0] > maxRows)
        {
            var generator = new Generator().manual_seed(seed);
            queries = queries.index_select(0, randperm(queries.shape[0], generator: generator)[..maxRows].to(queries.device));
        }
        return queries.MoveToOuterDisposeScope(); // (M, d)
    }

    public Tensor InputQueries(IReadOnlyList<string> inputs)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        LanguageModel.Module.eval();
        var parts = new List<Tensor> { zeros(0, Network.LastFeedForward.ModelDimension, device: LanguageModel.Module.Device()) };
        foreach (var chunk in inputs.Chunk(BatchSize))
        {
            var prompts = chunk.Select(i => LanguageModel.EncodePrompt(i)).ToList();
            var (ids, mask) = TokenBatch.Pad(prompts, LanguageModel.PadId, padLeft: false, LanguageModel.Module.Device());
            var (_, query) = Network.ForwardToLastFeedForward(ids, mask);                                     // (B, T, d)
            var last = tensor(prompts.Select((p, b) => b * ids.shape[1] + p.Count - 1).ToArray(), device: ids.device);
            parts.Add(query.reshape(-1, query.shape[2]).index_select(0, last));
        }
        return cat(parts, 0).MoveToOuterDisposeScope(); // (N, d)
    }

    public (Tensor Logits, Tensor Targets) RowLogits(IReadOnlyList<LabelledInput> examples)
    {
        var (ids, mask, flat, targets) = Batch(examples);
        return (LanguageModel.RowLogits(ids, mask, flat), targets); // (N, V), (N)
    }

    public IReadOnlyList<string> Predict(IReadOnlyList<string> inputs) =>
        inputs.Chunk(BatchSize).SelectMany(LanguageModel.Generate).ToList();

    public double TeacherForcedAccuracy(IReadOnlyList<LabelledInput> examples)
    {
        if (examples.Count == 0) return 0;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (correct, total) = (0L, 0L);
        foreach (var chunk in examples.Chunk(BatchSize))
        {
            var rows = AnswerRows(chunk);
            var logits = Network.ForwardFromLastFeedForward(rows.Residual, Network.LastFeedForward.Forward(rows.Query));
            correct += logits.argmax(-1).eq(rows.Targets).sum().item<long>();
            total += rows.Targets.shape[0];
        }
        return correct / (double)total;
    }

    public bool Matches(string prediction, string target) => AnswerNormalizer.Normalize(prediction) == AnswerNormalizer.Normalize(target);

    private (Tensor Residual, Tensor Query, Tensor Targets) AnswerRows(IReadOnlyList<LabelledInput> examples)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        LanguageModel.Module.eval();
        var (ids, mask, flat, targets) = Batch(examples);
        var (residual, query) = Network.ForwardToLastFeedForward(ids, mask); // (B, T, d)
        Tensor Rows(Tensor x) => x.reshape(-1, x.shape[2]).index_select(0, flat).MoveToOuterDisposeScope(); // (N, d)
        return (Rows(residual), Rows(query), targets.MoveToOuterDisposeScope());
    }

    /// <summary>Right-padded prompt+answer ids (B, T), mask, the flat indices of the answer-predicting rows (N) and their targets (N).</summary>
    public TrainingBatch Batch(IReadOnlyList<LabelledInput> examples)
    {
        var sequences = examples.Select(e => LanguageModel.TeacherForced(e.Input, e.Target)).ToList();
        var (ids, mask) = TokenBatch.Pad(sequences.Select(s => (IReadOnlyList<int>)s.Ids).ToList(), LanguageModel.PadId,
            padLeft: false, LanguageModel.Module.Device());
        var (batchIndex, positionIndex, targets) = (new List<long>(), new List<long>(), new List<long>());
        for (var b = 0; b < sequences.Count; b++)
            for (var i = 0; i < sequences[b].Targets.Length; i++)
            {
                batchIndex.Add(b);
                positionIndex.Add(sequences[b].FirstPredicting + i);
                targets.Add(sequences[b].Targets[i]);
            }
        var flat = tensor(batchIndex.ToArray(), device: ids.device) * ids.shape[1] + tensor(positionIndex.ToArray(), device: ids.device);
        return new TrainingBatch(ids, mask, flat, tensor(targets.ToArray(), device: ids.device));
    }
}
