namespace PatcherPortal.Web.Data;

/// <summary>Edit success and retain rates of one model version (the paper's ER, TrainR and TestR).</summary>
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
    public double TrainAccuracy { get; set; }
    public double TestAccuracy { get; set; }
    public double BaseTrainAccuracy { get; set; }
    public double BaseTestAccuracy { get; set; }
}
