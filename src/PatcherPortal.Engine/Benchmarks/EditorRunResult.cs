namespace PatcherPortal.Engine.Benchmarks;

/// <summary>One editor over one stream: the paper's metrics (eq. 20-24) and the costs.</summary>
public sealed record EditorRunResult
{
    public required string Editor { get; init; }
    public required string Stream { get; init; }
    public int StreamLength { get; init; }
    public int InitialMistakes { get; init; }   // N: mistakes of f0 on the stream
    public int Edits { get; init; }             // E: edits made (the current model was wrong)
    public int FailedEdits { get; init; }
    public double SR { get; init; }
    public double GR { get; init; }
    public double ER { get; init; }
    public double TrainR { get; init; }
    public double TestR { get; init; }
    /// <summary>Neighbourhood retain: of each edit's neighbours, the share answering as f0 did right after that edit
    /// (summed over edits), and at the end of the stream. NaN when the data gives no neighbours.</summary>
    public double NR { get; init; } = double.NaN;
    public double NREnd { get; init; } = double.NaN;
    /// <summary>NR counting a neighbour that now gives the dataset's answer (f0 did not) as kept: the share not changed to
    /// something wrong. Never below <see cref="NR"/>; the gap is the neighbours the edits corrected.</summary>
    public double NRNotWrong { get; init; } = double.NaN;
    public double NREndNotWrong { get; init; } = double.NaN;
    /// <summary>Neighbour answers checked after the edits (the denominator of <see cref="NR"/>).</summary>
    public int NeighbourChecks { get; init; }
    public int PatchesAdded { get; init; }
    public double GrowthPercent { get; init; }
    public double EditSecondsMedian { get; init; }
    public double EditSecondsP95 { get; init; }
    /// <summary>Each edit's time in stream order, and its median and p95 per block of 100 edits.</summary>
    public IReadOnlyList<double> EditSeconds { get; init; } = [];
    public IReadOnlyList<EditTimeBlock> EditTimeBlocks { get; init; } = [];
    /// <summary>The process's CPU time per edit: unlike wall-clock time, it stays comparable on a machine other work shares.</summary>
    public double EditCpuSecondsMedian { get; init; }
    public double EditCpuSecondsP95 { get; init; }
    public IReadOnlyList<double> EditCpuSeconds { get; init; } = [];
    public double TrainTokenAccuracyBefore { get; init; }
    public double TrainTokenAccuracyAfter { get; init; }
    public double TestTokenAccuracyBefore { get; init; }
    public double TestTokenAccuracyAfter { get; init; }
    public IReadOnlyList<SeriesPoint> Series { get; init; } = [];
    public IReadOnlyList<MissedExample> FailedEditExamples { get; init; } = [];
    /// <summary>What TrainR and TestR lost: examples f0 answered right that the final model answers wrongly.</summary>
    public IReadOnlyList<MissedExample> ForgottenTrain { get; init; } = [];
    public IReadOnlyList<MissedExample> ForgottenTest { get; init; } = [];
    /// <summary>What NR and NR end lost: each neighbour once, when first seen changed.</summary>
    public IReadOnlyList<NeighbourChange> ChangedNeighbours { get; init; } = [];
}

/// <summary>Metrics after a number of edits (sampled sets), for the portal's charts.</summary>
public sealed record SeriesPoint(int Edits, double SR, double GR, double ER, double TrainR, double TestR, int Patches, long Parameters);
