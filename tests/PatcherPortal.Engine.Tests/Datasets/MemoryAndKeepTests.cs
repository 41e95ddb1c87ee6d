using PatcherPortal.Engine.Datasets;

namespace PatcherPortal.Engine.Tests.Datasets;

/// <summary>The memory patches stay silent on and the examples retain metrics are measured on never share an input.</summary>
public class MemoryAndKeepTests
{
    [Theory]
    [InlineData(EditDataset.QuestionAnswering)]
    [InlineData(EditDataset.FactChecking)]
    public void No_input_nor_paraphrase_of_the_default_data_is_both_in_the_memory_and_in_the_keep_set(string task)
    {
        var data = TaskData.Default(task);
        var sets = MemoryAndKeep.Build(ModelExamples.From(data), new MemoryAndKeepOptions { GroupOf = DefaultDataset.FactOf });

        var memory = sets.Memory.Select(m => m.Input).ToHashSet();
        var kept = sets.Keep.Train.Concat(sets.Keep.Test).SelectMany(e => new[] { e.Input }.Concat(e.Paraphrases)).ToList();
        Assert.NotEmpty(memory);
        Assert.NotEmpty(kept);
        Assert.DoesNotContain(kept, memory.Contains);
        Assert.Equal(data.Splits.Test.Count, sets.Keep.Test.Count); // facts are split apart already: no test fact joins the memory
        Assert.Equal(data.Splits.Train.Count, sets.Keep.Train.Count + sets.MemoryExamples.Count);
        Assert.Empty(sets.MemoryExamples.Select(DefaultDataset.FactOf).Intersect(sets.Keep.Train.Concat(sets.Keep.Test).Select(DefaultDataset.FactOf)));
    }

    [Fact]
    public void The_claims_of_one_fact_share_its_group_key_and_two_facts_of_one_country_do_not()
    {
        var facts = DefaultDataset.LoadFacts().Where(f => f.Id.StartsWith("KE/", StringComparison.Ordinal)).ToList();
        var claims = DefaultDataset.FactChecking(facts).Examples;

        Assert.Equal(facts.Select(f => f.Id), claims.Select(DefaultDataset.FactOf).Distinct());
        Assert.Equal(facts.Select(f => f.Id), DefaultDataset.QuestionAnswering(facts).Examples.Select(DefaultDataset.FactOf));
    }

    [Fact]
    public void Paraphrases_of_one_example_listed_as_separate_rows_stay_on_one_side()
    {
        var trained = Enumerable.Range(0, 20).Select(i => Example($"t{i}", $"Who wrote book {i}?", [$"Book {i} was written by whom?"])).ToList();
        // The same facts asked again in another row: "who wrote book 3" must not be kept while "Who wrote book 3?" is in the memory.
        var restated = Enumerable.Range(0, 20).Select(i => Example($"r{i}", $"who wrote  BOOK {i}", [])).ToList();
        var heldOut = Enumerable.Range(0, 20).Select(i => Example($"h{i}", $"Book {i} was written by whom?", [])).ToList();

        var sets = MemoryAndKeep.Build(new ModelExamples([.. trained, .. restated], heldOut));

        var memoryBooks = Books(sets.MemoryExamples);
        Assert.Empty(memoryBooks.Intersect(Books(sets.Keep.Train.Concat(sets.Keep.Test))));
        Assert.Equal(20, memoryBooks.Count + Books(sets.Keep.Train).Count);
        Assert.Equal(Books(sets.Keep.Train), Books(sets.Keep.Test));
    }

    [Fact]
    public void The_same_seed_gives_the_same_sets_and_another_seed_another_cut()
    {
        var examples = new ModelExamples(Numbered("t", 100, paraphrases: 2), Numbered("h", 30, paraphrases: 0));

        var first = MemoryAndKeep.Build(examples, new MemoryAndKeepOptions { Seed = 7 });
        var again = MemoryAndKeep.Build(examples, new MemoryAndKeepOptions { Seed = 7 });
        var other = MemoryAndKeep.Build(examples, new MemoryAndKeepOptions { Seed = 8 });

        Assert.Equal(first.Memory, again.Memory);
        Assert.Equal(first.Keep.TrainPairs, again.Keep.TrainPairs);
        Assert.Equal(first.Keep.TestPairs, again.Keep.TestPairs);
        Assert.NotEqual(first.Keep.TrainPairs.ToHashSet(), other.Keep.TrainPairs.ToHashSet());
    }

    [Fact]
    public void Half_the_trained_examples_are_kept_and_every_held_out_one_measures_test_retention()
    {
        var sets = MemoryAndKeep.Build(new ModelExamples(Numbered("t", 101, paraphrases: 2), Numbered("h", 30, paraphrases: 0)));

        Assert.Equal((50, 51, 30), (sets.Keep.Train.Count, sets.MemoryExamples.Count, sets.Keep.Test.Count));
        Assert.Equal(51 * 3, sets.Memory.Count);
        Assert.Equal(50 * 3, sets.Keep.Replay.Count);
        Assert.Equal(51, sets.Paraphrased.Count);
        Assert.Empty(sets.Missing);
    }

    [Fact]
    public void Replay_leaves_out_paraphrases_that_are_held_out_inputs()
    {
        var trained = Enumerable.Range(0, 4).Select(i => Example($"f{i}", $"Capital of country {i}?", [$"Which city is the capital of country {i}?", $"Country {i}'s capital?"])).ToList();
        var heldOut = trained.Select(e => e with { Input = e.Paraphrases[0], Paraphrases = [] }).ToList();

        var sets = MemoryAndKeep.Build(new ModelExamples(trained, heldOut));

        Assert.Equal(2, sets.Keep.Test.Count);
        Assert.Equal(4, sets.Keep.Replay.Count);
        Assert.DoesNotContain(sets.Keep.Replay, r => sets.Keep.TestPairs.Any(t => t.Input == r.Input));
    }

    [Fact]
    public void A_model_without_data_gets_empty_sets_and_is_told_which_figures_cannot_be_computed()
    {
        var sets = MemoryAndKeep.Build(ModelExamples.None);

        Assert.Empty(sets.Memory);
        Assert.Empty(sets.Keep.TrainPairs);
        Assert.Empty(sets.Keep.TestPairs);
        Assert.Empty(sets.Keep.Replay);
        Assert.Equal([MissingFigure.TrainRetain, MissingFigure.TestRetain, MissingFigure.Replay, MissingFigure.ParaphraseShifts],
            sets.Missing.Select(m => m.Name));
        Assert.Contains("no labelled examples", sets.Missing[0].Reason);
    }

    [Fact]
    public void Data_without_paraphrases_gives_no_paraphrase_shifts_and_says_so()
    {
        var sets = MemoryAndKeep.Build(new ModelExamples(Numbered("t", 10, paraphrases: 0), []));

        Assert.Empty(sets.Paraphrased);
        Assert.Equal(5, sets.Memory.Count);
        Assert.Equal([MissingFigure.TestRetain, MissingFigure.ParaphraseShifts], sets.Missing.Select(m => m.Name));
    }

    private static EditExample Example(string id, string input, IReadOnlyList<string> paraphrases) => new(id, input, "answer " + id, paraphrases, []);

    private static List<EditExample> Numbered(string prefix, int count, int paraphrases) => Enumerable.Range(0, count)
        .Select(i => new EditExample($"{prefix}{i}", $"{prefix} question {i}?", $"{prefix}{i % 7}",
            Enumerable.Range(1, paraphrases).Select(p => $"{prefix} question {i}, asked way {p}?").ToList(), [])).ToList();

    private static HashSet<string> Books(IEnumerable<EditExample> examples) =>
        examples.Select(e => new string(e.Input.Where(char.IsDigit).ToArray())).ToHashSet();
}
