using System.Text.RegularExpressions;
using PatcherPortal.Engine.Editing;

namespace PatcherPortal.Engine.Consolidation;

/// <summary>
/// Which weights a consolidation may change: the last blocks and what sits above them (final norm, head). Fixing
/// edits needs no change to the embeddings or lower blocks (a patch lives in the last feed-forward layer), and leaving
/// them alone keeps the model's answers to unrelated inputs where they were.
/// </summary>
public static partial class TrainedLayers
{
    /// <summary>Name prefixes of the parameters to freeze so only the last <paramref name="blocks"/> blocks train (0: all train).</summary>
    public static IReadOnlyList<string> FrozenPrefixes(IEditableModel model, int blocks)
    {
        if (blocks <= 0) return [];
        var names = model.Module.named_parameters().Select(p => p.name).ToList();
        var layered = names.Select(n => BlockName().Match(n)).Where(m => m.Success)
            .Select(m => (Prefix: m.Groups[1].Value, Index: int.Parse(m.Groups[2].Value))).Distinct().ToList();
        if (layered.Count == 0) return [];
        var count = layered.Max(b => b.Index) + 1;
        var lower = layered.Where(b => b.Index < count - blocks).Select(b => $"{b.Prefix}{b.Index}.");
        var embeddings = names.Where(n => n.Contains(".embeddings.") || n.EndsWith("wte.weight") || n.EndsWith("wpe.weight") || n.EndsWith("embed_tokens.weight"))
            .Select(n => n.Contains(".embeddings.") ? n[..(n.IndexOf(".embeddings.") + ".embeddings.".Length)] : n);
        return [.. embeddings.Distinct(), .. lower];
    }

    [GeneratedRegex(@"^(.*\.(?:h|layer|layers)\.)(\d+)\.")]
    private static partial Regex BlockName();
}
