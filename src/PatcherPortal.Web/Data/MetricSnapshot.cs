namespace PatcherPortal.Web.Data;

/// <summary>Edit success (the paper's ER) of one model version, and the shares of the base model's right answers it keeps
/// (<see cref="TrainRetain"/>, <see cref="TestRetain"/>: see <see cref="Engine.Benchmarks.Baseline.KeptRate"/>, not the paper's TrainR and TestR),
/// and the share of the live edits' neighbours still answering as before their edit (<see cref="NeighbourRetain"/>, see
/// <see cref="Metrics.MeasuredNeighbours"/>; null when none was recorded).</summary>
public sealed class MetricSnapshot
{
    public long Id { get; set; }
    public required string Model { get; set; }
    public int ModelVersion { get; set; }
    public DateTime At { get; set; }
    public int EditCount { get; set; }
    public int PatchCount { get; set; }
    public double? EditSuccess { get; set; }
    public double? TrainRetain { get; set; }
    public double? TestRetain { get; set; }
    public double? NeighbourRetain { get; set; }
    public int NeighbourChecks { get; set; }
    public double TrainAccuracy { get; set; }
    public double TestAccuracy { get; set; }
    public double BaseTrainAccuracy { get; set; }
    public double BaseTestAccuracy { get; set; }
}
