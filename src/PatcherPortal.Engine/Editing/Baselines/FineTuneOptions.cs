namespace PatcherPortal.Engine.Editing.Baselines;

/// <summary>Which weights the fine-tuning baselines train: the last feed-forward layer (the one T-Patcher patches) or all.</summary>
public enum FineTuneScope { Last, All }

/// <summary>The fine-tuning baselines' hyper-parameters (paper appendix B: Adam, learning rate 1e-5, KL batch 512).</summary>
public sealed record FineTuneOptions
{
    /// <summary>The paper does not give the KL weight; 1 puts the two losses on the same footing.</summary>
    public const double DefaultKlWeight = 1;

    public FineTuneScope Scope { get; init; } = FineTuneScope.All;
    /// <summary>loss = CE(edit) + KlWeight · KL(f_before ‖ f_now) on memory examples; 0 is plain fine-tuning.</summary>
    public double KlWeight { get; init; }
    public double LearningRate { get; init; } = 1e-5;
    /// <summary>The paper fine-tunes "until the mistaken example is corrected"; the cap (as in MEND's FT) keeps an
    /// edit that never converges from running forever, and the edit then fails.</summary>
    public int MaxSteps { get; init; } = 100;
    public int KlBatchSize { get; init; } = 512;
    public int Seed { get; init; }

    public string Name => $"FT({(Scope == FineTuneScope.Last ? "last" : "all")}){(KlWeight > 0 ? "+KL" : "")}";
}
