using System.Collections.Concurrent;
using PatcherPortal.Engine.Editing;

namespace PatcherPortal.Web.Patching;

public sealed record ProgressPoint(int Step, double Loss, double EditLoss, double ActivationLoss, double MemoryLoss);

/// <summary>A running patch job as its page sees it.</summary>
public sealed class CorrectionProgress
{
    private readonly List<ProgressPoint> points = [];

    public string Phase { get; set; } = "Queued";
    public int MaxSteps { get; set; }
    public bool Finished { get; set; }

    public IReadOnlyList<ProgressPoint> Points
    {
        get { lock (points) return points.ToList(); }
    }

    public void Add(ProgressPoint point)
    {
        lock (points) points.Add(point);
    }
}

/// <summary>Live progress of patch jobs, for the pages showing them (they subscribe to <see cref="Updated"/>).</summary>
public sealed class JobProgress
{
    private readonly ConcurrentDictionary<int, CorrectionProgress> jobs = new();

    public event Action<int>? Updated;

    public CorrectionProgress? Get(int correctionId) => jobs.GetValueOrDefault(correctionId);

    /// <summary>A correction trained again starts a fresh progress (its earlier job's curve is over).</summary>
    public void Restart(int correctionId)
    {
        jobs[correctionId] = new CorrectionProgress();
        Updated?.Invoke(correctionId);
    }

    public void Phase(int correctionId, string phase, bool finished = false)
    {
        var progress = jobs.GetOrAdd(correctionId, _ => new CorrectionProgress());
        (progress.Phase, progress.Finished) = (phase, finished);
        Updated?.Invoke(correctionId);
    }

    public void Step(int correctionId, EditProgress step)
    {
        var progress = jobs.GetOrAdd(correctionId, _ => new CorrectionProgress());
        progress.MaxSteps = step.MaxSteps;
        progress.Phase = "Training the patch";
        progress.Add(new ProgressPoint(step.Step + 1, step.Loss, step.EditLoss, step.ActivationLoss, step.MemoryLoss));
        Updated?.Invoke(correctionId);
    }
}
