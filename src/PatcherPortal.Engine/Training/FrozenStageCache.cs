using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Training;

/// <summary>
/// What the frozen bottom stages of a model (its embeddings and the lower blocks no gradient reaches) output for each
/// training example, computed once before training instead of at every step of every epoch; a step then runs only
/// the stages it trains. The frozen stages run without dropout here: they are a fixed feature extractor.
/// </summary>
public sealed class FrozenStageCache : IDisposable
{
    private const int ChunkSize = 64;
    private readonly IStagedModel network;
    private readonly Tensor[] hidden;   // per example (T_i, d)
    private readonly long[][] rows;     // per example: positions whose outputs decide its targets
    private readonly long[][] targets;

    private FrozenStageCache(IStagedModel network, int stages, int count)
    {
        this.network = network;
        Stages = stages;
        (hidden, rows, targets) = (new Tensor[count], new long[count][], new long[count][]);
    }

    /// <summary>How many bottom stages the cache replaces (the embeddings count as one).</summary>
    public int Stages { get; }
    public long Bytes => hidden.Sum(h => h.NumberOfElements * h.ElementSize);

    /// <summary>The cache for these examples, or null when the model cannot be cut, nothing at its bottom is frozen,
    /// or the outputs would take more than <paramref name="maxBytes"/>.</summary>
    public static FrozenStageCache? TryCreate(IEditableModel model, IReadOnlyList<LabelledInput> examples,
        long maxBytes, CancellationToken cancellation = default)
    {
        if (model.Module is not IStagedModel network || maxBytes <= 0) return null;
        var stages = FrozenStages(model.Module, network.StagePrefixes);
        if (stages == 0) return null;
        var chunks = examples.Chunk(ChunkSize).ToList();
        var tokens = chunks.Sum(c => { using var s = NewDisposeScope(); return model.Batch(c).Mask.sum().item<long>(); });
        var cache = new FrozenStageCache(network, stages, examples.Count);
        var training = model.Module.training;
        model.Module.eval();
        try
        {
            for (var c = 0; c < chunks.Count; c++)
            {
                cancellation.ThrowIfCancellationRequested();
                cache.Fill(model, chunks[c], c * ChunkSize);
                if (c == 0 && tokens * cache.hidden[0].shape[1] * cache.hidden[0].ElementSize > maxBytes)
                {
                    cache.Dispose();
                    return null;
                }
            }
        }
        catch
        {
            cache.Dispose();
            throw;
        }
        finally
        {
            model.Module.train(training);
        }
        return cache;
    }

    /// <summary>Leading stages none of whose parameters takes a gradient; the last block always trains from the cache.</summary>
    public static int FrozenStages(nn.Module module, IReadOnlyList<string> prefixes)
    {
        var parameters = module.named_parameters().ToList();
        var frozen = 0;
        while (frozen < prefixes.Count - 1 && parameters.Where(p => p.name.StartsWith(prefixes[frozen])).All(p => !p.parameter.requires_grad))
            frozen++;
        return frozen;
    }

    /// <summary>Logits (N, outputs) at the rows deciding these examples' targets, and those targets (N).</summary>
    public (Tensor Logits, Tensor Targets) RowLogits(IReadOnlyList<int> examples)
    {
        var sequences = examples.Select(i => hidden[i]).ToList();
        var length = sequences.Max(h => h.shape[0]);
        var padded = nn.utils.rnn.pad_sequence(sequences, batch_first: true); // (B, T, d)
        var device = padded.device;
        var lengths = tensor(sequences.Select(h => h.shape[0]).ToArray(), device: device);
        var mask = arange(length, device: device).unsqueeze(0).lt(lengths.unsqueeze(1)).to(int64); // (B, T)
        var flat = tensor(examples.SelectMany((e, b) => rows[e].Select(p => b * length + p)).ToArray(), device: device);
        var wanted = tensor(examples.SelectMany(e => targets[e]).ToArray(), device: device);
        return (network.RowLogitsFromStage(Stages, padded, mask, flat), wanted);
    }

    private void Fill(IEditableModel model, IReadOnlyList<LabelledInput> chunk, int offset)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var batch = model.Batch(chunk);
        var output = network.ForwardStages(batch.Ids, batch.Mask, Stages); // (B, T, d)
        var length = batch.Ids.shape[1];
        var lengths = batch.Mask.sum(1).cpu().data<long>().ToArray();
        var flat = batch.Rows.cpu().data<long>().ToArray();
        var wanted = batch.Targets.cpu().data<long>().ToArray();
        for (var b = 0; b < chunk.Count; b++)
        {
            hidden[offset + b] = output[b, ..(int)lengths[b]].clone().DetachFromDisposeScope();
            var mine = Enumerable.Range(0, flat.Length).Where(r => flat[r] / length == b).ToList();
            rows[offset + b] = mine.Select(r => flat[r] % length).ToArray();
            targets[offset + b] = mine.Select(r => wanted[r]).ToArray();
        }
    }

    public void Dispose()
    {
        foreach (var tensor in hidden) tensor?.Dispose();
    }
}
