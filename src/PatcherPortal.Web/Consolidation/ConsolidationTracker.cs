using System.Collections.Concurrent;
using PatcherPortal.Engine.Consolidation;

namespace PatcherPortal.Web.Consolidation;

/// <summary>Live progress of the consolidation runs in this process, for the page's progress bar.</summary>
public sealed class ConsolidationTracker
{
    private readonly ConcurrentDictionary<int, ConsolidationProgress> runs = new();

    public event Action<int>? Updated;

    public ConsolidationProgress? Get(int runId) => runs.GetValueOrDefault(runId);

    public void Report(int runId, ConsolidationProgress progress)
    {
        runs[runId] = progress;
        Updated?.Invoke(runId);
    }
}
