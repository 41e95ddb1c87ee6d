using PatcherPortal.Engine.Models;

namespace PatcherPortal.Engine.Editing.Baselines;

/// <summary>Editors by their command-line names.</summary>
public static class EditorFactory
{
    public static readonly IReadOnlyList<string> Names = ["tpatcher", "tpatcher-paper", "ft-last", "ft-all", "ft-last-kl", "ft-all-kl", "sera", "mend", "ke"];

    public static IModelEditor Create(string name, IEditableModel model, EditorResources resources) => name.Trim().ToLowerInvariant() switch
    {
        "tpatcher" => TPatcher(model, resources),
        "tpatcher-paper" => TPatcher(model, resources with { Patcher = PatcherOptions.Paper.WithRunSettingsOf(resources.PatcherSetup.Options) }),
        "ft-last" => FineTune(model, resources, FineTuneScope.Last, kl: false),
        "ft-all" => FineTune(model, resources, FineTuneScope.All, kl: false),
        "ft-last-kl" => FineTune(model, resources, FineTuneScope.Last, kl: true),
        "ft-all-kl" => FineTune(model, resources, FineTuneScope.All, kl: true),
        "sera" => resources.Embed is { } embed
            ? new SeraEditor(model, embed, resources.SeraThreshold, resources.EmbedParameters)
            : SeraEditor.WithMiniLm(model, resources.SeraThreshold, model.Module.Device()),
        "mend" or "ke" => HyperNetworks.HyperNetworkEditor.Load(model, resources.TrainedEditor(name.Trim().ToLowerInvariant()), name.Trim().ToLowerInvariant()),
        _ => throw new ArgumentException($"Unknown editor '{name}'. Valid names: {string.Join(", ", Names)}.", nameof(name)),
    };

    private static TransformerPatcher TPatcher(IEditableModel model, EditorResources resources) =>
        resources.Prepared is { } prepared
            ? prepared.Create(model, pool: resources.HardNegatives, options: resources.PatcherSetup.Options)
            : resources.PatcherSetup.Build(model);

    private static FineTuneEditor FineTune(IEditableModel model, EditorResources resources, FineTuneScope scope, bool kl) =>
        new(model, resources.Memory, resources.FineTune with { Scope = scope, KlWeight = kl ? resources.KlWeight : 0 });
}
