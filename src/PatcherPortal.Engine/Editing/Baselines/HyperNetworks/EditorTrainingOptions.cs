namespace PatcherPortal.Engine.Editing.Baselines.HyperNetworks;

/// <summary>How a MEND or KE editor is trained (MEND section 3.2: L = c_edit·L_edit + c_loc·L_loc, Adam).</summary>
public sealed record EditorTrainingOptions
{
    public string Kind { get; init; } = Mend.MendNetwork.KindName;
    public int Steps { get; init; } = 1_000;
    public double LearningRate { get; init; } = 1e-3;
    public double EditWeight { get; init; } = 1;
    public double LocalityWeight { get; init; } = 1;
    /// <summary>Inputs whose answers each training edit must keep (the KL term).</summary>
    public int LocalityPerCase { get; init; } = 4;
    /// <summary>Hidden width of MEND's gradient network (at most its input size) and of KE's conditioner.</summary>
    public int Hidden { get; init; } = 256;
    public double GradientClip { get; init; } = 10;
    /// <summary>Cases held out of training and measured before and after it.</summary>
    public int ValidationCases { get; init; } = 50;
    public int CheckpointEvery { get; init; } = 100;
    public int Seed { get; init; }
}

public sealed record EditorTrainingProgress(int Step, int Steps, double Loss, double EditLoss, double LocalityLoss, double EditSuccess);

/// <summary>Edit loss, share of edits whose answer became the target, and KL on the locality inputs, averaged over cases.</summary>
public sealed record EditorValidation(double EditLoss, double EditSuccess, double LocalityKl, int Cases);
