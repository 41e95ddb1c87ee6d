using static TorchSharp.torch;

namespace PatcherPortal.Engine.Models;

/// <summary>What a left-to-right decoder may attend to, with left padding (prompts of different lengths) allowed.</summary>
public static class CausalMask
{
    /// <summary>Positions (B, T) and the causal, padding-aware mask (B, 1, T, P+T) for the last T of P+T tokens.</summary>
    public static (Tensor Positions, Tensor Keep) PositionsAndMask(Tensor attentionMask, long pastLength)
    {
        using var scope = NewDisposeScope();
        var (b, total) = (attentionMask.shape[0], attentionMask.shape[1]);
        var device = attentionMask.device;
        var positions = (attentionMask.to(int64).cumsum(1) - 1).clamp_min(0)[.., (int)pastLength..]; // (B, T)
        var query = arange(pastLength, total, device: device).view(-1, 1);                            // (T, 1)
        var key = arange(total, device: device).view(1, -1);                                           // (1, P+T)
        var keep = (key <= query).logical_and(attentionMask.to(@bool).view(b, 1, 1, total))
            .logical_or(key == query);                                                                 // (B, 1, T, P+T)
        return (positions.MoveToOuterDisposeScope(), keep.MoveToOuterDisposeScope());
    }
}
