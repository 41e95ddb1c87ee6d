using PatcherPortal.Engine.Editing;

namespace PatcherPortal.Engine.Benchmarks;

public sealed record BenchmarkOptions
{
    public IReadOnlyList<string> Editors { get; init; } = ["tpatcher"];
    /// <summary>How many edit folds to run (the paper: 20); null = all.</summary>
    public int? Folds { get; init; }
    public bool SingleStream { get; init; }
    public int MemorySize { get; init; } = 40_000;
    /// <summary>The memory also holds the memory examples' locality inputs with their dataset answers: a file with one
    /// paraphrase per row (CounterFact) otherwise yields about two answer tokens' queries per input and paraphrase only.</summary>
    public bool MemoryIncludesLocality { get; init; }
    public int TrainSubsetSize { get; init; } = 1000;
    /// <summary>Evaluate ER/TrainR/TestR on small samples every this many edits, for the per-edit series.</summary>
    public int SeriesEvery { get; init; } = 10;
    public int SeriesSampleSize { get; init; } = 100;
    public PatcherOptions Patcher { get; init; } = new();
    /// <summary>The feed-forward layer T-Patcher patches; null: the last (see <see cref="PatcherSetup.PatchLayer"/>).</summary>
    public int? PatchLayer { get; init; }
    public Editing.Baselines.FineTuneOptions FineTune { get; init; } = new();
    /// <summary>Directories of the trained MEND and KE editors, by kind.</summary>
    public IReadOnlyDictionary<string, string> TrainedEditors { get; init; } = new Dictionary<string, string>();
    /// <summary>A directory where the run saves what it measured and resumes from when started again with the same data,
    /// model and options (see <see cref="BenchmarkCheckpoint"/>); null: nothing saved.</summary>
    public string? Checkpoint { get; init; }
    /// <summary>How many edits between two saves of a stream in progress.</summary>
    public int CheckpointEvery { get; init; } = 20;
}
