using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Checkpoints;

/// <summary>
/// Copies a checkpoint's tensors into a module by Hugging Face name, refusing missing, unexpected or misshapen
/// tensors with a message that names the file and the tensor.
/// </summary>
public static class StateDictLoader
{
    /// <param name="optional">Module tensors a checkpoint may lack (they keep their initial values).</param>
    /// <param name="ignored">Checkpoint tensors that are not parameters here (buffers such as position_ids).</param>
    public static void Load(nn.Module module, Dictionary<string, Tensor> checkpoint, string file,
        Func<string, bool>? optional = null, Func<string, bool>? ignored = null)
    {
        var expected = module.state_dict();
        var errors = new List<string>();
        var missing = expected.Keys.Where(k => !checkpoint.ContainsKey(k) && optional?.Invoke(k) != true).ToList();
        if (missing.Count > 0) errors.Add($"missing {Describe(missing)}");
        var unexpected = checkpoint.Keys.Where(k => !expected.ContainsKey(k) && ignored?.Invoke(k) != true).ToList();
        if (unexpected.Count > 0) errors.Add($"unexpected {Describe(unexpected)}");
        foreach (var (name, target) in expected)
            if (checkpoint.TryGetValue(name, out var source) && !source.shape.SequenceEqual(target.shape))
                errors.Add($"tensor '{name}' has shape [{string.Join(", ", source.shape)}], expected [{string.Join(", ", target.shape)}]");
        if (errors.Count > 0) throw new CheckpointException($"{file} does not match the model: {string.Join("; ", errors)}.");

        using var noGrad = no_grad();
        foreach (var (name, target) in expected)
            if (checkpoint.TryGetValue(name, out var source))
                target.copy_(source.to(target.dtype));
    }

    /// <summary>Fills the module from a model directory's weights one tensor at a time (converted to the module's dtype),
    /// after checking every name and shape; a refusal names the shard and the tensor.</summary>
    /// <param name="rename">Checkpoint name -> module name (prefixes differ between heads and bare models).</param>
    public static void Load(nn.Module module, CheckpointTensors checkpoint, Func<string, string>? rename = null,
        Func<string, bool>? optional = null, Func<string, bool>? ignored = null)
    {
        var names = checkpoint.Names.ToDictionary(n => rename?.Invoke(n) ?? n, n => n);
        var expected = module.state_dict();
        var errors = new List<string>();
        var missing = expected.Keys.Where(k => !names.ContainsKey(k) && optional?.Invoke(k) != true).ToList();
        if (missing.Count > 0) errors.Add($"missing {Describe(missing)}");
        var unexpected = names.Keys.Where(k => !expected.ContainsKey(k) && ignored?.Invoke(k) != true).ToList();
        if (unexpected.Count > 0) errors.Add($"unexpected {Describe(unexpected)}");
        if (errors.Count > 0) throw new CheckpointException($"{checkpoint.Description} does not match the model: {string.Join("; ", errors)}.");
        foreach (var (name, target) in expected)
            if (names.TryGetValue(name, out var stored) && !checkpoint.ShapeOf(stored).SequenceEqual(target.shape))
                throw new CheckpointException($"{checkpoint.FileOf(stored)}: tensor '{stored}' has shape [{string.Join(", ", checkpoint.ShapeOf(stored))}], " +
                    $"expected [{string.Join(", ", target.shape)}].");

        using var noGrad = no_grad();
        foreach (var (name, target) in expected)
        {
            if (!names.TryGetValue(name, out var stored)) continue;
            using var source = checkpoint.Read(stored);
            target.copy_(source);
        }
    }

    private static string Describe(List<string> names) =>
        $"tensor{(names.Count > 1 ? "s" : "")} {string.Join(", ", names.Take(8).Select(n => $"'{n}'"))}" +
        (names.Count > 8 ? $" and {names.Count - 8} more" : "");
}
