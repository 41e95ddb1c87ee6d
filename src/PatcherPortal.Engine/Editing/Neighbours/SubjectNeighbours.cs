using PatcherPortal.Engine.Datasets;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace PatcherPortal.Engine.Editing.Neighbours;

/// <summary>
/// The edit's input asked about other subjects (<see cref="ContrastiveInputs.ContentSwaps"/>: "What is the capital of
/// Zambia?" gives "What is the capital of Zimbabwe?"), the ones nearest the edit at the patched layer, kept as negatives
/// with the model's current answer where that differs from both its answer to the edit and the edit's target. The
/// memory and the known inputs of the edit's wording cannot hold these when no one has asked that question yet, and a
/// patch reaches them first: nearness in the model's own representation picks them, so the rule needs no knowledge of
/// what the words mean.
/// </summary>
public static class SubjectNeighbours
{
    /// <summary>Candidate swaps read per neighbour kept, before the nearest are chosen.</summary>
    public const int CandidatesPerNeighbour = 32;

    public static IReadOnlyList<LabelledInput> For(IEditableModel model, EditRequest request, ContrastiveInputs? words, Tensor editQuery, int max, int seed)
    {
        if (words is null || max <= 0) return [];
        var candidates = words.ContentSwaps(request.Input, request.AllInputs, max * CandidatesPerNeighbour, seed);
        if (candidates.Count == 0) return [];
        List<string> nearest;
        using (NewDisposeScope())
        {
            var similarity = F.normalize(model.InputQueries(candidates), dim: -1).matmul(F.normalize(editQuery.detach().reshape(-1), dim: 0));
            nearest = similarity.topk(Math.Min(max, candidates.Count)).indexes.cpu().data<long>().ToArray().Select(i => candidates[(int)i]).ToList();
        }
        var answers = model.Predict([request.Input, .. nearest]);
        return nearest.Zip(answers.Skip(1))
            .Where(p => !model.Matches(p.Second, answers[0]) && !model.Matches(p.Second, request.Target))
            .Select(p => new LabelledInput(p.First, p.Second)).ToList();
    }
}
