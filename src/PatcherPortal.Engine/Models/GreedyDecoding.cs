using static TorchSharp.torch;

namespace PatcherPortal.Engine.Models;

/// <summary>Greedy decoding of left-padded prompts, as the paper evaluates generation.</summary>
public static class GreedyDecoding
{
    /// <summary>Each step appends every sequence's argmax; a sequence stops at its stop token (not kept) or the cap.</summary>
    /// <param name="rereadSequence">True: the model reads the whole sequence each step; false: only the new tokens
    /// (it keeps a key/value cache of the earlier ones).</param>
    /// <param name="nextToken">(tokens, attention mask over the whole sequence) -> the next token of each sequence (B).</param>
    /// <returns>(B, new) token ids.</returns>
    public static long[][] Run(Tensor inputIds, Tensor attentionMask, int maxNewTokens, int? stopTokenId, bool rereadSequence,
        Func<Tensor, Tensor, Tensor> nextToken) =>
        Run(inputIds, attentionMask, maxNewTokens, stopTokenId is { } id ? [id] : [], rereadSequence, nextToken);

    /// <param name="stopTokenIds">End tokens: a model may have several (Llama 3's end of turn and end of text).</param>
    public static long[][] Run(Tensor inputIds, Tensor attentionMask, int maxNewTokens, IReadOnlyCollection<long> stopTokenIds, bool rereadSequence,
        Func<Tensor, Tensor, Tensor> nextToken)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var batch = (int)inputIds.shape[0];
        var output = Enumerable.Range(0, batch).Select(_ => new List<long>()).ToArray();
        var done = new bool[batch];
        var (tokens, mask) = (inputIds, attentionMask);
        for (var step = 0; step < maxNewTokens && !done.All(d => d); step++)
        {
            using var stepScope = NewDisposeScope();
            var next = nextToken(tokens, mask); // (B)
            var ids = next.cpu().data<long>().ToArray();
            for (var i = 0; i < batch; i++)
            {
                if (done[i]) continue;
                if (stopTokenIds.Contains(ids[i])) done[i] = true;
                else output[i].Add(ids[i]);
            }
            tokens = (rereadSequence ? cat([tokens, next.view(batch, 1)], 1) : next.view(batch, 1)).MoveToOuterDisposeScope();
            mask = cat([mask, ones(batch, 1, dtype: mask.dtype, device: mask.device)], 1).MoveToOuterDisposeScope();
        }
        return output.Select(o => o.ToArray()).ToArray();
    }
}
