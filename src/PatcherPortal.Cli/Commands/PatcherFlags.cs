using System.CommandLine;
using PatcherPortal.Engine.Editing;

namespace PatcherPortal.Cli.Commands;

/// <summary>
/// The command line's T-Patcher settings: each flag declared once beside the <see cref="PatcherOptions"/> setting it
/// sets, its default read from <see cref="PatcherOptions"/>.
/// </summary>
public sealed class PatcherFlags
{
    private static readonly PatcherOptions Defaults = new();
    private readonly List<(Option Option, Func<ParseResult, PatcherOptions, PatcherOptions> Apply)> flags = [];

    public PatcherFlags()
    {
        Value("--value-scale", "Initial patch value scale a (paper: 5; authors' code: 10)", o => o.ValueScale, (o, v) => o with { ValueScale = v });
        Switch("--learnable-scale", "Make the value scale a learnable vector (authors' code)", (o, on) => o with { LearnableValueScale = on });
        Value("--key-init", "Paper (q/|q|^2) or Centered", o => o.KeyInit, (o, v) => o with { KeyInit = v });
        Value("--max-patches", "Most patches per generation edit, one per wrong answer token (appendix A: 5)", o => o.MaxPatchesPerEdit, (o, v) => o with { MaxPatchesPerEdit = v });
        Value("--max-steps", "Step cap per edit", o => o.MaxSteps, (o, v) => o with { MaxSteps = v });
        Value("--query-dropout", "Dropout on the repeated edit queries", o => o.QueryDropout, (o, v) => o with { QueryDropout = v });
        Add(new Option<double?>("--key-margin") { Description = "Centered key init: how far below the edit's pre-activation the typical memory query starts (default: derived per patch from paraphrase moves, see --paraphrase-quantile)" },
            (o, v) => o with { CenteredKeyMargin = v });
        Value("--paraphrase-quantile", "Without --key-margin: each key starts as steep as keeps this share of nearby paraphrase moves firing", o => o.ParaphraseQuantile, (o, v) => o with { ParaphraseQuantile = v });
        Value("--contrastive", "Most inputs one content word away from an edit's that its patches must stay silent on (0: memory only, the paper)", o => o.ContrastiveNegatives, (o, v) => o with { ContrastiveNegatives = v });
        Value("--hard-negatives", "Most known inputs nearest an edit at the patched layer, with another expected answer, that its patches must stay silent on (0: off)", o => o.HardNegatives, (o, v) => o with { HardNegatives = v });
        Value("--template-neighbours", "Most swaps of one template word in an edit's input to keep silent on where the model answers them differently (0: off)", o => o.TemplateNeighbours, (o, v) => o with { TemplateNeighbours = v });
        Value("--subject-neighbours", "Most of an edit's input asked about other subjects (one content word swapped), nearest the edit, to keep silent on where the model answers them otherwise (0: off)", o => o.SubjectNeighbours, (o, v) => o with { SubjectNeighbours = v });
        Value("--value-init", "Paper (v' ~ U[0,1)) or Gradient", o => o.ValueInit, (o, v) => o with { ValueInit = v });
        Switch("--untied", "Do not tie generation patches to their own answer position", (o, on) => o with { TiePatchesToPositions = !on });
        Value("--min-edit-activation", "Train until each patch's pre-activation on its edit exceeds this (paper: 0)", o => o.MinEditActivation, (o, v) => o with { MinEditActivation = v });
        Switch("--stop-when-clean", "Stop once the clean edit is corrected (paper), not its noisy copies too", (o, on) => o with { StopWhenRobust = !on });
        Value("--shift-scale", "Move noisy copies along paraphrase shifts read from training data (0: dropout only, as the paper)", o => o.ShiftScale, (o, v) => o with { ShiftScale = v });
        Value("--memory-weight", "Weight m of the memory loss (0: the paper's ablation without it; use with --contrastive 0)", o => o.MemoryWeight, (o, v) => o with { MemoryWeight = v });
        Switch("--no-memory-margin", "Leave out the memory loss's second term l_m2 (the paper's ablation)", (o, on) => o with { MemoryMarginWeight = on ? 0 : 1 });
    }

    public IEnumerable<Option> Options => flags.Select(f => f.Option);

    /// <summary><paramref name="start"/> with every flag's value (given or default) applied.</summary>
    public PatcherOptions Read(ParseResult result, PatcherOptions start) => flags.Aggregate(start, (options, flag) => flag.Apply(result, options));

    private void Value<T>(string name, string description, Func<PatcherOptions, T> current, Func<PatcherOptions, T, PatcherOptions> set) =>
        Add(new Option<T>(name) { Description = description, DefaultValueFactory = _ => current(Defaults) }, set);

    private void Switch(string name, string description, Func<PatcherOptions, bool, PatcherOptions> set) =>
        Add(new Option<bool>(name) { Description = description }, set);

    private void Add<T>(Option<T> option, Func<PatcherOptions, T, PatcherOptions> set) =>
        flags.Add((option, (result, options) => set(options, result.GetValue(option)!)));
}
