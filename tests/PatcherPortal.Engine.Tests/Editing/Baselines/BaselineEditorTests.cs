using System.Text.RegularExpressions;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Editing.Baselines;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Editing.Baselines;

public sealed partial class BaselineEditorTests(ITestOutputHelper output)
{
    private static readonly Lazy<EditableClassifier> FactChecker = new(() => OutsideAnyDisposeScope(TinyEditables.Classifier));
    private static readonly Lazy<EditableGenerator> QuestionAnswerer = new(() => OutsideAnyDisposeScope(TinyEditables.Generator));
    private static readonly FineTuneOptions Fast = new() { LearningRate = 1e-3, MaxSteps = 200 };

    private static IReadOnlyList<LabelledInput> KnownClaims => TinyEditables.Claims(TinyEditables.Known);

    private static List<EditRequest> WrongClaims(IEditableModel model, int count) =>
        TinyEditables.Unknown.SelectMany(f => f.Claims).Where(c => !model.Matches(model.Predict([c.Text])[0], c.Label))
            .Take(count).Select(c => new EditRequest(c.Text, c.Label)).ToList();

    /// <summary>
    /// Builds on a new thread (dispose scopes are per thread): GPT-2's Conv1D parameters, made while a test's dispose
    /// scope is active, would be disposed with it and break the shared model for the tests after.
    /// </summary>
    private static T OutsideAnyDisposeScope<T>(Func<T> build)
    {
        var (result, error) = (default(T), (Exception?)null);
        var thread = new Thread(() =>
        {
            try { result = build(); }
            catch (Exception e) { error = e; }
        });
        thread.Start();
        thread.Join();
        return error is null ? result! : throw new InvalidOperationException("Building a tiny model failed.", error);
    }

    /// <summary>The wrong claim the model is surest of: fine-tuning needs many steps to fix it.</summary>
    private static EditRequest SurestMistake(IEditableModel model)
    {
        var claims = TinyEditables.Claims(TinyEditables.Unknown);
        var probabilities = Logits(model, claims).softmax(-1).gather(1, model.RowLogits(claims).Targets.unsqueeze(1)).squeeze(1);
        var (input, target) = claims[(int)probabilities.argmin().item<long>()];
        Assert.True(probabilities.min().item<float>() < 0.5f);
        return new EditRequest(input, target);
    }

    /// <summary>The fine-tuning editors change the shared tiny model's weights; this puts them back.</summary>
    private static T Restoring<T>(IEditableModel model, Func<T> test)
    {
        var saved = model.Module.named_parameters().Select(p => (p.parameter, copy: p.parameter.detach().clone())).ToList();
        try
        {
            return test();
        }
        finally
        {
            using (no_grad())
                foreach (var (parameter, copy) in saved) parameter.copy_(copy);
            saved.ForEach(s => s.copy.Dispose());
        }
    }

    private static Tensor Logits(IEditableModel model, IReadOnlyList<LabelledInput> examples)
    {
        using var noGrad = no_grad();
        return model.RowLogits(examples).Logits.detach();
    }

    [Fact]
    public void FT_all_fixes_edits_and_the_model_then_gives_the_new_answers()
    {
        using var scope = NewDisposeScope();
        var model = FactChecker.Value;
        var edits = WrongClaims(model, 3);
        Assert.NotEmpty(edits);
        Restoring(model, () =>
        {
            using var editor = new FineTuneEditor(model, options: Fast);
            foreach (var edit in edits)
            {
                var outcome = editor.Edit(edit);
                output.WriteLine($"{outcome.Status} {outcome.Steps} {outcome.Duration.TotalMilliseconds:F0} ms");
                Assert.NotEqual(EditStatus.Failed, outcome.Status); // an earlier edit may already have fixed this one
                Assert.Equal(edit.Target, model.Predict([edit.Input])[0]);
            }
            Assert.Equal("FT(all)", editor.Name);
            Assert.Equal(model.BaseParameterCount, editor.ParameterCount);
            return 0;
        });
    }

    [Fact]
    public void FT_all_with_KL_makes_greedy_decoding_give_a_new_answer()
    {
        using var scope = NewDisposeScope();
        var model = QuestionAnswerer.Value;
        var (question, answer) = TinyEditables.Questions(TinyEditables.Unknown)[1];
        Restoring(model, () =>
        {
            using var editor = new FineTuneEditor(model, TinyEditables.Questions(TinyEditables.Known), Fast with { KlWeight = 1 });
            var outcome = editor.Edit(new EditRequest(question, answer));
            output.WriteLine($"{outcome.Status} {outcome.Steps} {outcome.Duration.TotalMilliseconds:F0} ms");

            Assert.Equal("FT(all)+KL", editor.Name);
            Assert.Equal(EditStatus.Fixed, outcome.Status);
            Assert.Equal(answer, model.Predict([question])[0]);
            Assert.Equal(TinyEditables.Known.Count + 1, editor.Memory.Count); // the fixed edit joins the memory
            return 0;
        });
    }

    [Fact]
    public void A_failed_fine_tuning_edit_leaves_the_model_exactly_as_it_was()
    {
        using var scope = NewDisposeScope();
        var model = FactChecker.Value;
        var before = Logits(model, KnownClaims);
        using var editor = new FineTuneEditor(model, KnownClaims, new FineTuneOptions { MaxSteps = 1, KlWeight = 1 });

        var outcome = editor.Edit(SurestMistake(model));

        Assert.Equal(EditStatus.Failed, outcome.Status);
        Assert.Equal(1, outcome.Steps);
        Assert.True(Logits(model, KnownClaims).equal(before).all().item<bool>());
        Assert.Equal(KnownClaims.Count, editor.Memory.Count);
    }

    [Fact]
    public void FT_last_changes_only_the_last_feed_forward_layer()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(["bert.encoder.layer.1.intermediate.dense.bias", "bert.encoder.layer.1.intermediate.dense.weight",
                "bert.encoder.layer.1.output.dense.bias", "bert.encoder.layer.1.output.dense.weight"],
            LastFeedForwardParameters.Find(FactChecker.Value).Select(p => p.Name).Order());

        var model = QuestionAnswerer.Value;
        var (question, answer) = TinyEditables.Questions(TinyEditables.Unknown)[0];
        Restoring(model, () =>
        {
            using var editor = new FineTuneEditor(model, TinyEditables.Questions(TinyEditables.Known), Fast with { Scope = FineTuneScope.Last, KlWeight = 1 });
            var before = model.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());

            var outcome = editor.Edit(new EditRequest(question, answer));
            output.WriteLine($"{outcome.Status} {outcome.Steps} {outcome.Duration.TotalMilliseconds:F0} ms");

            Assert.Equal("FT(last)+KL", editor.Name);
            Assert.Equal(EditStatus.Fixed, outcome.Status);
            Assert.Equal(answer, model.Predict([question])[0]);
            var changed = model.Module.named_parameters().Where(p => !p.parameter.equal(before[p.name]).all().item<bool>()).Select(p => p.name).Order();
            Assert.Equal(["transformer.h.1.mlp.c_fc.bias", "transformer.h.1.mlp.c_fc.weight", "transformer.h.1.mlp.c_proj.bias",
                "transformer.h.1.mlp.c_proj.weight"], changed);
            return 0;
        });
    }

    [Fact]
    public void The_KL_variant_keeps_memory_predictions_closer_to_the_original_than_plain_fine_tuning()
    {
        using var scope = NewDisposeScope();
        var model = FactChecker.Value;
        var edit = SurestMistake(model);
        var before = Logits(model, KnownClaims);
        double Drift(double klWeight) => Restoring(model, () =>
        {
            using var editor = new FineTuneEditor(model, KnownClaims, Fast with { Scope = FineTuneScope.Last, KlWeight = klWeight });
            var outcome = editor.Edit(edit);
            output.WriteLine($"KL weight {klWeight}: {outcome.Status} {outcome.Steps} {outcome.Duration.TotalMilliseconds:F0} ms");
            Assert.Equal(EditStatus.Fixed, outcome.Status);
            var after = Logits(model, KnownClaims);
            return (before.softmax(-1) * (before.log_softmax(-1) - after.log_softmax(-1))).sum(-1).mean().item<float>();
        });

        var plain = Drift(0);
        var withKl = Drift(10);
        output.WriteLine($"KL(f0 || f) on the memory: {withKl:G3} with the KL term, {plain:G3} without");

        Assert.True(withKl < plain, $"KL(f0 || f) on the memory: {withKl:G3} with the KL term, {plain:G3} without");
    }

    [Fact]
    public void SERA_answers_from_its_cache_within_the_threshold_and_from_the_model_otherwise()
    {
        using var scope = NewDisposeScope();
        var model = FactChecker.Value;
        var fact = TinyEditables.Unknown.First(f => f.Claims.Any(c => !model.Matches(model.Predict([c.Text])[0], c.Label)));
        var claim = fact.Claims.First(c => !model.Matches(model.Predict([c.Text])[0], c.Label));
        var (near, given) = (claim.Rephrases[0], claim.Rephrases[1]); // "Y is the capital of X.": the same words as the claim
        var unrelated = KnownClaims.Select(c => c.Input).MinBy(c => Cosine(c, claim.Text))!;
        Assert.True(Cosine(unrelated, claim.Text) < 0.8);
        using var editor = new SeraEditor(model, BagOfWords, threshold: 0.8, scopeModelParameters: 1000);

        var outcome = editor.Edit(new EditRequest(claim.Text, claim.Label, [given]));

        Assert.Equal(EditStatus.Fixed, outcome.Status);
        Assert.Equal([claim.Label, claim.Label, claim.Label, model.Predict([unrelated])[0]], editor.Predict([claim.Text, near, given, unrelated]));
        Assert.Equal(model.BaseParameterCount + 1000 + 2 * Dimensions, editor.ParameterCount);
        Assert.Equal(EditStatus.AlreadyCorrect, editor.Edit(new EditRequest(near, claim.Label)).Status);
    }

    [Fact]
    public void The_factory_makes_every_editor_by_its_command_line_name()
    {
        using var scope = NewDisposeScope();
        var resources = new EditorResources(KnownClaims) { Embed = BagOfWords };
        string[] expected = ["T-Patcher", "T-Patcher (paper)", "FT(last)", "FT(all)", "FT(last)+KL", "FT(all)+KL", "SERA"];
        foreach (var (name, editorName) in EditorFactory.Names.Zip(expected))
        {
            using var editor = EditorFactory.Create(name, FactChecker.Value, resources);
            Assert.Equal(editorName, editor.Name);
        }
    }

    [Fact]
    public void The_factory_rejects_an_unknown_editor_name_and_lists_the_valid_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => EditorFactory.Create("rome", FactChecker.Value, new EditorResources([])));
        Assert.Contains("'rome'", error.Message);
        Assert.All(EditorFactory.Names, name => Assert.Contains(name, error.Message));
    }

    private const int Dimensions = 256;

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();

    /// <summary>Hashed word counts: a deterministic stand-in for MiniLM (word order and punctuation do not matter).</summary>
    private static float[][] BagOfWords(IReadOnlyList<string> texts) => texts.Select(text =>
    {
        var vector = new float[Dimensions];
        foreach (Match word in Word().Matches(text.ToLowerInvariant()))
            vector[word.Value.Aggregate(17u, (h, c) => h * 31 + c) % Dimensions]++;
        return vector;
    }).ToArray();

    private static double Cosine(string a, string b)
    {
        var (x, y) = (BagOfWords([a])[0], BagOfWords([b])[0]);
        return x.Zip(y, (p, q) => p * q).Sum() / Math.Sqrt(x.Sum(p => p * p) * y.Sum(q => q * q));
    }
}
