using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Training;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Patching;
using static TorchSharp.torch;

namespace PatcherPortal.Web.Tests.Support;

/// <summary>
/// The tiny question answerer's equivalent of "currency of Japan → jpy also changes the language of Japan": a held-out
/// capital fact whose fix, trained on a fresh portal's workbench exactly as its first patch job trains it (same model,
/// memory, options and neighbour rule), changes a known question's answer, and whose retrain keeping that question fixes
/// the edit again and leaves the question's old answer. Found by trying the held-out facts in their data order (each
/// edit is seeded, so the search is deterministic), so the tests follow the tiny models and the editor as they are tuned.
/// </summary>
public static class NeighbourCase
{
    private static readonly Lazy<(string Question, string Answer, string Neighbour, string NeighbourBefore)> Chosen = new(Choose);

    public static string Question => Chosen.Value.Question;
    public static string Answer => Chosen.Value.Answer;
    /// <summary>A known question the edit changes, and its answer before.</summary>
    public static string Neighbour => Chosen.Value.Neighbour;
    public static string NeighbourBefore => Chosen.Value.NeighbourBefore;

    private static (string, string, string, string) Choose()
    {
        set_num_threads(TinyModelCache.TorchThreads);
        var evaluation = EvaluationData.For("qa", ModelProfile.Tiny, new EvaluationOptions());
        foreach (var fact in TinyBaseModels.Facts().Skip(40))
        {
            var request = new EditRequest(fact.Question, fact.Answer);
            var (outcome, report) = Edit(evaluation, request);
            if (outcome.Status != EditStatus.Fixed) continue;
            foreach (var changed in report.NeighboursChanged.Where(c => c.Firing is not null))
            {
                var keep = request with { Keep = [new(changed.Input, changed.Before)] };
                var (retrained, after) = Edit(evaluation, keep);
                if (retrained.Status == EditStatus.Fixed && after.NeighboursChanged.All(c => c.Input != changed.Input))
                    return (fact.Question, fact.Answer, changed.Input, changed.Before);
            }
        }
        throw new InvalidOperationException("No held-out fact's edit of the tiny question answerer changes a known question that a retrain keeps.");
    }

    /// <summary>On a fresh workbench, as a fresh portal's job (and a retrain's, which starts from a fresh copy) trains it.</summary>
    private static (EditOutcome, EditReport) Edit(EvaluationData evaluation, EditRequest request)
    {
        using var bench = new EditWorkbench(TinyModelCache.Directory("qa"), CPU, evaluation.PatcherSetup(new PatcherOptions()), [], evaluation);
        return bench.Edit(request, [], [], bench.NeighboursOf(request, []), _ => { }, new Progress<EditProgress>(), CancellationToken.None);
    }
}
