namespace PatcherPortal.Engine.Benchmarks;

/// <summary>One editor's walk over one stream so far: every tally <see cref="SequentialEditingRun"/> keeps, by stream
/// position, so a stopped run can go on from <see cref="NextPosition"/> (see <see cref="BenchmarkCheckpoint"/>).</summary>
internal sealed class StreamProgress
{
    public required string Editor { get; init; }
    public required string Stream { get; init; }
    public required int StreamLength { get; init; }
    public int InitialMistakes { get; init; }
    public long InitialParameters { get; init; }
    public int NextPosition { get; set; }
    /// <summary>Stream positions edited, in order.</summary>
    public List<int> Edited { get; init; } = [];
    /// <summary>Stream positions whose edit was fixed (their inputs joined the editor's contrastive pool).</summary>
    public List<int> Fixed { get; init; } = [];
    /// <summary>Rows the editor's memory gained (the fixed edits' queries), saved beside the tallies.</summary>
    public int MemoryRows { get; set; }
    public int Succeeded { get; set; }
    public int Patches { get; set; }
    public int Generalized { get; set; }
    public int Paraphrases { get; set; }
    public List<MissedExample> Failures { get; init; } = [];
    public List<double> Seconds { get; init; } = [];
    public List<double> CpuSeconds { get; init; } = [];
    public List<SeriesPoint> Series { get; init; } = [];
    public NeighbourTally.Tally Neighbours { get; set; } = new(0, 0, 0, []);
    /// <summary>The editor's random generator after the last edit (base64), so a resumed run draws what it would have.</summary>
    public string? RandomState { get; set; }
}
