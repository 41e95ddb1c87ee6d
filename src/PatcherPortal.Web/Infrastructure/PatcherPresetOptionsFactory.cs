using Microsoft.Extensions.Options;
using PatcherPortal.Engine.Editing;

namespace PatcherPortal.Web.Infrastructure;

/// <summary><c>Portal:Patcher</c> binds over the defaults of the preset it names (<c>Portal:Patcher:Preset</c>:
/// <c>Default</c> or <c>Paper</c>), so <c>Preset=Paper</c> alone runs the paper's algorithm.</summary>
public sealed class PatcherPresetOptionsFactory(IConfiguration configuration, IEnumerable<IConfigureOptions<PatcherOptions>> setups,
    IEnumerable<IPostConfigureOptions<PatcherOptions>> postConfigures, IEnumerable<IValidateOptions<PatcherOptions>> validations)
    : OptionsFactory<PatcherOptions>(setups, postConfigures, validations)
{
    public const string Section = "Portal:Patcher";

    protected override PatcherOptions CreateInstance(string name) =>
        PatcherOptions.For(configuration.GetValue($"{Section}:{nameof(PatcherOptions.Preset)}", PatcherPreset.Default));
}
