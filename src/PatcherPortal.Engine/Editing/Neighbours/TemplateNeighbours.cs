using PatcherPortal.Engine.Datasets;

namespace PatcherPortal.Engine.Editing.Neighbours;

/// <summary>
/// The edit's input with one template word swapped for another the known inputs use in its place ("What is the
/// currency of Japan?" gives "What is the language of Japan?"), kept with the model's current answer as negatives
/// where that answer differs from both its answer to the edit and the edit's target: a different answer says the swap
/// asks something else, which the patch must leave alone; the same wrong answer says it may be a paraphrase, which the
/// patch should reach. Neither the memory nor nearness finds these: a subject the training data never asks about has no
/// question of another relation in it, yet its patch learns the subject more than the relation.
/// </summary>
public static class TemplateNeighbours
{
    public static IReadOnlyList<LabelledInput> For(IEditableModel model, EditRequest request, ContrastiveInputs? words, int max, int seed)
    {
        if (words is null || max <= 0) return [];
        var swaps = words.TemplateSwaps(request.Input, request.AllInputs, max, seed);
        if (swaps.Count == 0) return [];
        var answers = model.Predict([request.Input, .. swaps]);
        return swaps.Zip(answers.Skip(1))
            .Where(p => !model.Matches(p.Second, answers[0]) && !model.Matches(p.Second, request.Target))
            .Select(p => new LabelledInput(p.First, p.Second)).ToList();
    }
}
