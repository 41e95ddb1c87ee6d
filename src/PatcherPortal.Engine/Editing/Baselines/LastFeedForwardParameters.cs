using System.Text.RegularExpressions;
using TorchSharp.Modules;

namespace PatcherPortal.Engine.Editing.Baselines;

/// <summary>
/// The key and value projections (weights and biases) of the last feed-forward layer, found by their Hugging Face
/// names: BERT's <c>layer.N.intermediate.dense</c> / <c>layer.N.output.dense</c> (not <c>attention.output.dense</c>)
/// (RoBERTa's too), DistilBERT's <c>layer.N.ffn.lin1</c> / <c>ffn.lin2</c>, GPT-2's <c>h.N.mlp.c_fc</c> / <c>h.N.mlp.c_proj</c> and the Llama family's <c>layers.N.mlp.gate_proj</c> / <c>up_proj</c> /
/// <c>down_proj</c>, for the largest N.
/// </summary>
public static partial class LastFeedForwardParameters
{
    [GeneratedRegex(@"(?:^|\.)(\d+)\.(?:intermediate\.dense|output\.dense|ffn\.lin1|ffn\.lin2|mlp\.c_fc|mlp\.c_proj|mlp\.gate_proj|mlp\.up_proj|mlp\.down_proj)\.(?:weight|bias)$")]
    private static partial Regex FeedForwardName();

    public static IReadOnlyList<(string Name, Parameter Parameter)> Find(IEditableModel model)
    {
        var candidates = model.Module.named_parameters()
            .Select(p => (p.name, p.parameter, match: FeedForwardName().Match(p.name)))
            .Where(p => p.match.Success)
            .Select(p => (p.name, p.parameter, layer: int.Parse(p.match.Groups[1].Value)))
            .ToList();
        if (candidates.Count == 0)
            throw new NotSupportedException($"No feed-forward layer found by name in {model.Module.GetName()}.");
        var last = candidates.Max(c => c.layer);
        var found = candidates.Where(c => c.layer == last).Select(c => (c.name, c.parameter)).ToList();

        // The names are a convention; the layer's own sizes confirm they point at the layer T-Patcher patches.
        var layer = model.Network.LastFeedForward;
        var gated = found.Any(f => f.name.Contains("gate_proj"));
        var (withBiases, withoutBiases) = gated
            ? (3 * layer.Width * layer.ModelDimension + 2 * layer.Width + layer.ModelDimension, 3 * layer.Width * layer.ModelDimension)
            : (2 * layer.Width * layer.ModelDimension + layer.Width + layer.ModelDimension, -1L);
        var total = found.Sum(f => f.parameter.numel());
        if (found.Count != (gated ? (total == withoutBiases ? 3 : 6) : 4) || (total != withBiases && total != withoutBiases))
            throw new NotSupportedException($"The last feed-forward layer's parameters ({string.Join(", ", found.Select(f => f.name))}) " +
                $"do not match its size {layer.ModelDimension}x{layer.Width}.");
        return found;
    }
}
