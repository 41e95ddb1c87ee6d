using PatcherPortal.Engine.Models;

namespace PatcherPortal.Engine.Editing.PatchedLayers;

/// <summary>Which feed-forward layer T-Patcher patches (<see cref="PatcherSetup.PatchLayer"/>).</summary>
public static class PatchedLayer
{
    /// <summary>The model as T-Patcher sees it with its patches in <paramref name="layer"/> (0 is the first block,
    /// -1 the last, -2 the one below it); null or the last layer is the model itself.</summary>
    public static IEditableModel At(IEditableModel model, int? layer)
    {
        if (layer is null || model is LowerLayerEditable) return model;
        if (model.Network is not ILayeredPatchableModel layered)
            throw new NotSupportedException("Patching a layer below the last is built for BERT models (the default fact checker and question answerer) only.");
        var index = layer < 0 ? layered.LayerCount + layer.Value : layer.Value;
        if (index < 0 || index >= layered.LayerCount)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"The model has {layered.LayerCount} layers: give 0 to {layered.LayerCount - 1}, or -1 (the last) to -{layered.LayerCount}.");
        return index == layered.LayerCount - 1 ? model : new LowerLayerEditable(model, layered, index);
    }
}
