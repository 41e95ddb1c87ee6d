using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Training;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Models;
using static TorchSharp.torch;

namespace PatcherPortal.Web.Tests.Support;

/// <summary>
/// A held-out fact the tiny question answerer gets wrong and that a portal's first edit fixes, paraphrase included.
/// Chosen by running the same edit twice on the engine, with the editor the portal builds for the model (its memory,
/// paraphrase shifts and options), so the tests follow the tiny models and the editor as they are tuned instead of
/// pinning one fact.
/// </summary>
public static class Facts
{
    private static readonly Lazy<(string Question, string Paraphrase, string Answer)> Chosen = new(Choose);

    public static string Question => Chosen.Value.Question;
    public static string Paraphrase => Chosen.Value.Paraphrase;
    public static string Answer => Chosen.Value.Answer;

    /// <summary>Held-out claims (with their true label) that this fact checker gets wrong.</summary>
    public static IEnumerable<LabelledInput> WrongClaims(TaskModel factChecker) =>
        TinyBaseModels.Claims(TinyBaseModels.Facts().Skip(40)).Where(c => factChecker.Predict(c.Input).Output != c.Target);

    private static (string, string, string) Choose()
    {
        set_num_threads(TinyModelCache.TorchThreads);
        using var model = PretrainedModels.Load(TinyModelCache.Directory("qa"), CPU);
        var editable = BaseModelBuilder.Editable(model);
        var setup = EvaluationData.For("qa", ModelProfile.Tiny, new EvaluationOptions()).PatcherSetup(new PatcherOptions());
        foreach (var fact in TinyBaseModels.Facts().Skip(40).Where(f => f.Rephrases.Count > 0))
        {
            string[] inputs = [fact.Question, fact.Rephrases[0]];
            if (editable.Predict(inputs).Any(p => editable.Matches(p, fact.Answer))) continue;
            if (Enumerable.Range(0, 2).All(_ => FixedByOneEdit(editable, setup, inputs, fact.Answer)))
                return (fact.Question, fact.Rephrases[0], fact.Answer);
        }
        throw new InvalidOperationException("No held-out fact is fixed by one edit of the tiny question answerer.");
    }

    /// <summary>Held-out claims, one per fact (so none duplicates another), that the tiny fact checker gets wrong and
    /// that one edit of the base model fixes.</summary>
    public static IReadOnlyList<LabelledInput> WrongClaims(int count)
    {
        set_num_threads(TinyModelCache.TorchThreads);
        using var model = PretrainedModels.Load(TinyModelCache.Directory("fc"), CPU);
        var editable = BaseModelBuilder.Editable(model);
        var setup = EvaluationData.For("fc", ModelProfile.Tiny, new EvaluationOptions()).PatcherSetup(new PatcherOptions());
        var chosen = new List<LabelledInput>();
        foreach (var fact in TinyBaseModels.Facts().Skip(40))
        {
            var wrong = fact.Claims.FirstOrDefault(c => !editable.Matches(editable.Predict([c.Text])[0], c.Label));
            if (wrong is not null && FixedByOneEdit(editable, setup, [wrong.Text], wrong.Label)) chosen.Add(new LabelledInput(wrong.Text, wrong.Label));
            if (chosen.Count == count) return chosen;
        }
        throw new InvalidOperationException($"Fewer than {count} held-out claims are wrong and fixed by one edit of the tiny fact checker.");
    }

    private static bool FixedByOneEdit(IEditableModel model, PatcherSetup setup, string[] inputs, string answer)
    {
        using var scope = NewDisposeScope();
        using var editor = setup.Build(model);
        var outcome = editor.Edit(new EditRequest(inputs[0], answer, inputs[1..]));
        try
        {
            return outcome.Status == EditStatus.Fixed && model.Predict(inputs).All(p => model.Matches(p, answer));
        }
        finally
        {
            foreach (var patch in outcome.Patches) editor.Patches.Remove(patch.Id);
        }
    }
}
