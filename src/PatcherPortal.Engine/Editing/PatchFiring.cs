using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing;

/// <summary>A patch that fired for an input: its largest pre-activation q·k + b over the rows deciding the output.</summary>
public sealed record FiredPatch(Guid PatchId, double PreActivation, int Row);

/// <summary>
/// Which patches decided an output: their pre-activations at the rows that decide it (the [CLS] row of a
/// classifier; the rows predicting each answer token, teacher forced on the model's own answer, for generation).
/// A patch is trained to stay below β (&lt; 0) on everything but its edit, so a positive value means it fired.
/// </summary>
public static class PatchFiring
{
    public static IReadOnlyList<FiredPatch> Fired(IEditableModel model, string input, string output, double threshold = 0)
    {
        var bank = model.Network.LastFeedForward.Patches;
        if (bank.Patches.Count == 0) return [];
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var rows = model.Locate([input], output);
        // The bank's stacked keys: stacking n patches again on every request cost more than the product at 10,000.
        var (values, indices) = bank.PreActivations(rows.Query).max(0);          // (n) over the N rows
        var best = values.cpu().data<float>().ToArray();
        var row = indices.cpu().data<long>().ToArray();
        return bank.Patches.Select((p, i) => new FiredPatch(p.Id, best[i], (int)row[i]))
            .Where(f => f.PreActivation > threshold).OrderByDescending(f => f.PreActivation).ToList();
    }
}
