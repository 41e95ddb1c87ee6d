using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Editing.Neighbours;
using PatcherPortal.Engine.Training;

namespace PatcherPortal.Engine.Tests.Editing.Neighbours;

public sealed class NeighbourHoldTests
{
    private static readonly Lazy<EditableClassifier> FactChecker = new(() => TinyEditables.Classifier());

    /// <summary>A memory of two claims leaves a patch free to reach far past its edit, so some edit changes a neighbour.</summary>
    private static TransformerPatcher LooseEditor(IEditableModel model) =>
        new(model, model.MemoryQueries(TinyEditables.Claims(TinyEditables.Known).Take(2).ToList(), 40_000, seed: 0));

    private static List<LabelledInput> Answers(IEditableModel model, IReadOnlyList<string> inputs) =>
        inputs.Zip(model.Predict(inputs), (i, a) => new LabelledInput(i, a)).ToList();

    /// <summary>The first unknown claim whose edit changes a known claim's answer, and the neighbours it changed.</summary>
    private static (EditRequest Edit, List<ChangedNeighbour> Changed, List<LabelledInput> Before) AnEditThatChangesNeighbours(EditableClassifier model)
    {
        var before = Answers(model, TinyEditables.Claims(TinyEditables.Known).Select(c => c.Input).ToList());
        foreach (var (input, target) in TinyEditables.Claims(TinyEditables.Unknown).Where(c => !model.Matches(model.Predict([c.Input])[0], c.Target)))
        {
            using var editor = LooseEditor(model);
            var outcome = editor.Edit(new EditRequest(input, target));
            var changed = NeighbourCheck.Changed(model, before, outcome.Patches.Select(p => p.Id).ToList()).ToList();
            foreach (var patch in outcome.Patches) editor.Patches.Remove(patch.Id);
            if (outcome.Status == EditStatus.Fixed && changed.Count > 0) return (new EditRequest(input, target), changed, before);
        }
        throw new InvalidOperationException("No edit of the tiny fact checker changed a known claim.");
    }

    [Fact]
    public void A_changed_neighbour_is_reported_with_its_old_and_new_answer_and_the_patch_firing_on_it()
    {
        var model = FactChecker.Value;
        var (_, changed, before) = AnEditThatChangesNeighbours(model);

        Assert.All(changed, c => Assert.NotEqual(c.Before, c.After));
        Assert.All(changed, c => Assert.Contains(new LabelledInput(c.Input, c.Before), before));
        Assert.All(changed, c => Assert.True(c.Firing is { PreActivation: > 0 }, $"no patch named for \"{c.Input}\""));
    }

    [Fact]
    public void A_patch_trained_with_a_changed_neighbour_as_a_negative_stays_silent_on_it_and_still_fixes_the_edit()
    {
        var model = FactChecker.Value;
        var (edit, changed, before) = AnEditThatChangesNeighbours(model);
        var keep = changed.Select(c => new LabelledInput(c.Input, c.Before)).ToList();

        using var editor = LooseEditor(model);
        var outcome = editor.Edit(edit with { Keep = keep });
        try
        {
            Assert.Equal(EditStatus.Fixed, outcome.Status);
            Assert.Equal(edit.Target, model.Predict([edit.Input])[0]);
            var ids = outcome.Patches.Select(p => p.Id).ToHashSet();
            Assert.All(keep, k => Assert.DoesNotContain(PatchFiring.Fired(model, k.Input, k.Target), f => ids.Contains(f.PatchId)));
            Assert.Empty(NeighbourCheck.Changed(model, keep, ids));
        }
        finally
        {
            foreach (var patch in outcome.Patches) editor.Patches.Remove(patch.Id);
        }
    }

    [Fact]
    public void Hard_negatives_are_the_known_inputs_nearest_the_edit_with_another_answer_and_never_the_edits_own()
    {
        var model = FactChecker.Value;
        var known = TinyEditables.Claims(TinyEditables.Known).Select(c => new LabelledInput(c.Input, c.Target)).ToList();
        using var pool = HardNegatives.Build(model, known);
        var (input, target) = TinyEditables.Claims(TinyEditables.Known)[0];
        var request = new EditRequest(input, target == "SUPPORTS" ? "REFUTES" : "SUPPORTS");
        using var query = model.InputQueries([input]);

        var chosen = pool.For(model, request, query[0], max: 5);

        Assert.Equal(5, chosen.Count);
        Assert.DoesNotContain(chosen, c => c.Input == input);
        Assert.All(chosen, c => Assert.NotEqual(request.Target, c.Target));
        var nearestOther = pool.Nearest(query[0], int.MaxValue, k => k.Input != input && k.Target != request.Target);
        Assert.Equal(nearestOther.Take(5), chosen);
        var all = pool.Nearest(query[0], int.MaxValue);
        Assert.Equal(input, all[0].Input); // an input is nearest itself: the order is by nearness
    }

    /// <summary>A question answerer that knows the currency code and the official language of the same forty countries
    /// ("What is the currency code of X?", "What is the official language of X?").</summary>
    private static readonly Lazy<(EditableGenerator Model, List<LabelledInput> Known)> TwoRelations = new(() =>
    {
        var known = TinyBaseModels.Questions(Currencies.Concat(Languages)).ToList();
        return (new EditableGenerator(TinyBaseModels.QuestionAnswerer(known)), known);
    });

    private static IReadOnlyList<FactRecord> Currencies => TinyBaseModels.Facts("currency", 40);
    private static IReadOnlyList<FactRecord> Languages => TinyBaseModels.Facts("language", 40);

    /// <summary>Currency questions whose subject's language question the model knows too.</summary>
    private static List<FactRecord> SharedSubjects() => Currencies.Where(f => Languages.Any(l => l.Subject == f.Subject)).ToList();

    private static string LanguageQuestion(FactRecord currency) => Languages.Single(f => f.Subject == currency.Subject).Question;

    /// <summary>Another country's currency code: a wrong answer the model can produce.</summary>
    private static string WrongCurrency(FactRecord fact) => Currencies.Select(f => f.Answer).First(a => a != fact.Answer);

    [Fact]
    public void A_template_swap_the_model_answers_otherwise_is_kept_with_its_answer_unless_that_answer_is_the_target()
    {
        var (model, known) = TwoRelations.Value;
        var words = new ContrastiveInputs(known.Select(k => k.Input));
        var fact = SharedSubjects()[0];
        var language = LanguageQuestion(fact);
        var languageAnswer = model.Predict([language])[0];
        var target = WrongCurrency(fact);

        var kept = TemplateNeighbours.For(model, new EditRequest(fact.Question, target), words, max: 16, seed: 0);
        var keptWhenItIsTheTarget = TemplateNeighbours.For(model, new EditRequest(fact.Question, languageAnswer), words, max: 16, seed: 0);

        Assert.Contains(new LabelledInput(language, languageAnswer), kept);
        var editAnswer = model.Predict([fact.Question])[0];
        Assert.All(kept, k => Assert.False(model.Matches(k.Target, editAnswer) || model.Matches(k.Target, target), k.Input));
        Assert.DoesNotContain(keptWhenItIsTheTarget, k => k.Input == language);
    }

    [Fact]
    public void With_template_neighbours_on_a_patch_leaves_the_subjects_other_questions_as_they_were()
    {
        var (model, known) = TwoRelations.Value;
        var facts = SharedSubjects().Take(12).ToList();
        // A shallow key and a two-query memory let a patch reach past its edit.
        var loose = new PatcherOptions { CenteredKeyMargin = 5, ContrastiveNegatives = 0 };

        var without = LanguagesChanged(model, known, facts, loose);
        var with = LanguagesChanged(model, known, facts, loose with { TemplateNeighbours = 16 });

        Assert.True(without.Changed > 0, "a loose patch changes some subject's language answer without template neighbours");
        Assert.Equal(0, with.Changed);
        Assert.True(with.Fixed >= without.Fixed && with.Fixed > 0, $"fixed {with.Fixed} with, {without.Fixed} without");
    }

    [Fact]
    public void With_subject_neighbours_on_a_patch_leaves_the_same_question_about_subjects_only_known_from_other_questions()
    {
        var (model, _) = TwoRelations.Value;
        // The deployment knows every subject only from its language question: no currency question is in the memory.
        var languages = TinyBaseModels.Questions(Languages).ToList();
        var facts = SharedSubjects().Take(8).ToList();
        var loose = new PatcherOptions { CenteredKeyMargin = 5, ContrastiveNegatives = 0, SubjectNeighbours = 0 };

        var without = OtherCurrenciesChanged(model, languages, facts, loose);
        var with = OtherCurrenciesChanged(model, languages, facts, loose with { SubjectNeighbours = 16 });

        Assert.True(without.Changed > 0, "a loose patch changes another subject's currency answer without subject neighbours");
        Assert.True(with.Changed < without.Changed, $"{with.Changed} other subjects' answers changed with subject neighbours, {without.Changed} without");
        Assert.True(with.Fixed >= without.Fixed - 1 && with.Fixed > 0, $"fixed {with.Fixed} with, {without.Fixed} without");
    }

    /// <summary>Edits each currency question to a wrong code, one at a time (each patch removed after), against a memory
    /// and a pool of known inputs: how many edits fixed their question, and how many of each fact's neighbours a fix changed.</summary>
    private static (int Changed, int Fixed) NeighboursChanged(EditableGenerator model, List<LabelledInput> memory, List<LabelledInput> known,
        List<FactRecord> facts, PatcherOptions options, Func<FactRecord, List<string>> neighbours)
    {
        using var editor = new TransformerPatcher(model, model.MemoryQueries(memory, 40_000, seed: 0), options,
            contrastive: new ContrastiveInputs(known.Select(k => k.Input)));
        var (changed, fixedEdits) = (0, 0);
        foreach (var fact in facts)
        {
            var before = Answers(model, neighbours(fact));
            var outcome = editor.Edit(new EditRequest(fact.Question, WrongCurrency(fact)));
            try
            {
                if (outcome.Status != EditStatus.Fixed || !model.Matches(model.Predict([fact.Question])[0], WrongCurrency(fact))) continue;
                fixedEdits++;
                changed += NeighbourCheck.Changed(model, before, outcome.Patches.Select(p => p.Id).ToList()).Count;
            }
            finally
            {
                foreach (var patch in outcome.Patches) editor.Patches.Remove(patch.Id);
            }
        }
        return (changed, fixedEdits);
    }

    /// <summary>The subject's language question changed, against a two-query memory.</summary>
    private static (int Changed, int Fixed) LanguagesChanged(EditableGenerator model, List<LabelledInput> known, List<FactRecord> facts, PatcherOptions options) =>
        NeighboursChanged(model, known.Take(2).ToList(), known, facts, options, fact => [LanguageQuestion(fact)]);

    /// <summary>Other subjects' currency questions changed, against a memory and pool of the language questions alone.</summary>
    private static (int Changed, int Fixed) OtherCurrenciesChanged(EditableGenerator model, List<LabelledInput> languages, List<FactRecord> facts, PatcherOptions options) =>
        NeighboursChanged(model, languages, languages, facts, options,
            fact => Currencies.Where(f => f.Subject != fact.Subject).Select(f => f.Question).ToList());
}
