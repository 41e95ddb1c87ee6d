using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Editing.Baselines;
using PatcherPortal.Engine.Editing.Baselines.HyperNetworks;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Editing.Baselines;

public sealed class HyperNetworkEditorTests(ITestOutputHelper output) : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "editor-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

    private static IReadOnlyList<EditExample> KnownClaims => TinyEditables.Known
        .SelectMany(f => f.Claims).Select((c, i) => new EditExample($"c{i}", c.Text, c.Label, c.Rephrases, [])).ToList();

    private static IReadOnlyList<EditExample> KnownQuestions => TinyEditables.Known
        .Select(f => new EditExample(f.Id, f.Question, f.Answer, f.Rephrases, [])).ToList();

    private static EditorTrainingOptions Options(string kind, int steps = 150) =>
        new() { Kind = kind, Steps = steps, Hidden = 64, LearningRate = 3e-3, ValidationCases = 20, CheckpointEvery = 50 };

    [Fact]
    public void The_layer_recomputed_from_its_weights_is_the_models_own_for_BERT_and_GPT_2()
    {
        using var scope = NewDisposeScope();
        foreach (var model in new IEditableModel[] { TinyEditables.Classifier(), TinyEditables.Generator() })
        {
            var weights = new FeedForwardWeights(model);
            var query = randn(5, weights.ModelDimension);
            using var noGrad = no_grad();
            Assert.True(weights.Forward(query).allclose(model.Network.LastFeedForward.ForwardBase(query), rtol: 1e-4, atol: 1e-5));
        }
    }

    [Theory]
    [InlineData("mend")]
    [InlineData("ke")]
    public void Training_lowers_the_edit_loss_of_held_out_fact_checking_edits_and_an_edit_then_flips_a_wrong_claim(string kind)
    {
        using var scope = NewDisposeScope();
        var model = TinyEditables.Classifier();
        var info = EditorTraining.Train(model, EditCase.FromTraining(KnownClaims, 2, seed: 1), Options(kind), directory);
        output.WriteLine($"{kind}: edit loss {info.Before!.EditLoss:F3} -> {info.After!.EditLoss:F3}, success {info.Before.EditSuccess:P0} -> {info.After.EditSuccess:P0}, KL {info.Before.LocalityKl:F4} -> {info.After.LocalityKl:F4}");
        Assert.True(info.After.EditLoss < info.Before.EditLoss * 0.8, $"edit loss {info.Before.EditLoss:F3} -> {info.After.EditLoss:F3}");

        using var editor = EditorFactory.Create(kind, model, new EditorResources([]) { TrainedEditors = new Dictionary<string, string> { [kind] = directory } });
        Assert.Equal(kind.ToUpperInvariant(), editor.Name);
        var wrong = TinyEditables.Unknown.SelectMany(f => f.Claims).Where(c => !model.Matches(model.Predict([c.Text])[0], c.Label)).Take(5).ToList();
        Assert.NotEmpty(wrong);
        var fixedClaims = wrong.Count(claim =>
        {
            var outcome = editor.Edit(new EditRequest(claim.Text, claim.Label));
            var now = model.Predict([claim.Text])[0];
            // An earlier edit may already have flipped this claim.
            Assert.Equal(outcome.Status != EditStatus.Failed, model.Matches(now, claim.Label));
            return outcome.Status == EditStatus.Fixed;
        });
        Assert.True(fixedClaims >= 1, $"{kind} fixed none of {wrong.Count} wrong claims");
    }

    [Fact]
    public void A_trained_MEND_editor_teaches_the_question_answerer_a_new_answer()
    {
        using var scope = NewDisposeScope();
        var model = TinyEditables.Generator();
        // As wide as the model (d = 128): a narrower gradient network learns too little in this many steps to move a known answer.
        var info = EditorTraining.Train(model, EditCase.FromTraining(KnownQuestions, 2, seed: 1), Options("mend", 300) with { Hidden = 128 }, directory);
        output.WriteLine($"edit loss {info.Before!.EditLoss:F3} -> {info.After!.EditLoss:F3}, success {info.Before.EditSuccess:P0} -> {info.After.EditSuccess:P0}");
        Assert.True(info.After.EditLoss < info.Before.EditLoss, $"edit loss {info.Before.EditLoss:F3} -> {info.After.EditLoss:F3}");

        using var editor = HyperNetworkEditor.Load(model, directory, "mend");
        var (question, answer) = TinyEditables.Questions(TinyEditables.Known)[0];
        var before = model.Predict([question])[0];
        var other = TinyEditables.Questions(TinyEditables.Known).Select(q => q.Target).First(a => a != answer);
        editor.Edit(new EditRequest(question, other));
        Assert.NotEqual(before, model.Predict([question])[0]);
    }

    [Fact]
    public void An_interrupted_training_resumes_from_its_last_checkpoint_and_leaves_only_the_editor()
    {
        using var scope = NewDisposeScope();
        var model = TinyEditables.Classifier();
        var cases = EditCase.FromTraining(KnownClaims, 2, seed: 1);
        using var stop = new CancellationTokenSource();
        var interrupted = new InlineProgress<EditorTrainingProgress>(p => { if (p.Step == 70) stop.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => EditorTraining.Train(model, cases, Options("ke", 100), directory, interrupted, cancellation: stop.Token));
        Assert.True(File.Exists(Path.Combine(directory, TrainedEditor.CheckpointInfoFile)));
        Assert.False(File.Exists(Path.Combine(directory, TrainedEditor.InfoFile)));

        var statuses = new List<string>();
        var steps = new List<int>();
        var info = EditorTraining.Train(model, cases, Options("ke", 100), directory, new InlineProgress<EditorTrainingProgress>(p => steps.Add(p.Step)), statuses.Add);
        Assert.Contains(statuses, s => s.Contains("Resuming ke at step 50"));
        Assert.Equal(51, steps[0]);
        Assert.Equal(100, info.Steps);
        Assert.Equal([TrainedEditor.InfoFile, TrainedEditor.WeightsFile], Directory.GetFiles(directory).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void An_editor_is_refused_by_a_model_of_other_sizes_and_the_benchmark_asks_for_a_trained_one()
    {
        using var scope = NewDisposeScope();
        var classifier = TinyEditables.Classifier();
        using (var network = TrainedEditor.Create("mend", 16, 48, 8))
            TrainedEditor.Save(directory, network, new TrainedEditorInfo("mend", 16, 48, 8, 0));
        var refused = Assert.Throws<CheckpointException>(() => HyperNetworkEditor.Load(classifier, directory, "mend"));
        Assert.Contains("16x48", refused.Message);
        Assert.Contains("'ke'", Assert.Throws<CheckpointException>(() => HyperNetworkEditor.Load(classifier, directory, "ke")).Message);

        var missing = Assert.Throws<ArgumentException>(() => EditorFactory.Create("mend", classifier, new EditorResources([])));
        Assert.Contains("train-editor --kind mend", missing.Message);
    }
}
