using PatcherPortal.Engine.Editing;

namespace PatcherPortal.Engine.Tests.Editing;

public sealed class ContrastiveInputsTests
{
    private const string Edit = "The calling code of Guinea is +224.";

    /// <summary>Sixty claims in two wordings ("of" and "for"), each country and code named once.</summary>
    private static List<string> Claims() => Enumerable.Range(0, 60)
        .Select(i => $"The calling code {(i % 2 == 0 ? "of" : "for")} Country{i} is +{300 + i}.").ToList();

    [Fact]
    public void Negatives_swap_the_edits_subject_or_value_for_one_from_a_training_input_worded_the_same()
    {
        var pool = new ContrastiveInputs(Claims());

        var negatives = pool.For(Edit, exclude: [], max: 1000);

        Assert.Contains("The calling code of Country0 is +224.", negatives);
        Assert.Contains("The calling code of Guinea is +300.", negatives);
        Assert.All(negatives, n => Assert.Equal(1, n.Split(' ').Zip(Edit.Split(' ')).Count(w => w.First != w.Second)));
    }

    [Fact]
    public void A_word_many_inputs_share_is_never_swapped_so_a_rewording_of_the_edit_is_not_a_negative()
    {
        var pool = new ContrastiveInputs(Claims());

        var negatives = pool.For(Edit, exclude: [], max: 1000);

        Assert.DoesNotContain("The calling code for Guinea is +224.", negatives);
        Assert.All(negatives, n => Assert.DoesNotContain(" for ", n));
        Assert.Equal(60, negatives.Count); // 30 subjects and 30 codes from the "of" claims; the "for" claims differ in three words
    }

    [Fact]
    public void Paraphrases_given_with_the_edit_are_never_negatives_and_the_draw_is_capped_and_reproducible()
    {
        var pool = new ContrastiveInputs(Claims());
        var paraphrase = "The calling code of Country0 is +224.";

        var first = pool.For(Edit, exclude: [Edit, paraphrase], max: 5, seed: 3);

        Assert.Equal(5, first.Count);
        Assert.DoesNotContain(paraphrase, first);
        Assert.Equal(first, pool.For(Edit, exclude: [Edit, paraphrase], max: 5, seed: 3));
    }

    [Fact]
    public void A_past_edit_joins_the_pool_so_later_edits_are_kept_apart_from_it()
    {
        var pool = new ContrastiveInputs(Claims());
        Assert.DoesNotContain("The calling code of Liberia is +224.", pool.For(Edit, exclude: [], max: 1000));

        pool.Add("The calling code of Liberia is +231.");

        Assert.Contains("The calling code of Liberia is +224.", pool.For(Edit, exclude: [], max: 1000));
    }

    [Fact]
    public void Template_swaps_change_what_an_input_asks_and_never_what_it_is_about()
    {
        var questions = Enumerable.Range(0, 60).SelectMany(i => new[] { "currency code", "official language", "calling code" }
            .Select(relation => $"What is the {relation} of Country{i}?")).ToList();
        var pool = new ContrastiveInputs(questions);
        const string edit = "What is the currency code of Japan?";

        var swaps = pool.TemplateSwaps(edit, exclude: [], max: 1000);

        Assert.Equal(["What is the calling code of Japan?", "What is the official language of Japan?"], swaps.Order());
        Assert.DoesNotContain(pool.For(edit, exclude: [], max: 1000), n => n.Contains("language") || n.Contains("calling"));
    }

    [Fact]
    public void Content_swaps_ask_the_edits_question_about_subjects_known_only_from_other_wordings()
    {
        var known = Enumerable.Range(0, 60).Select(i => $"On which continent is Country{i} located?")
            .Concat(Enumerable.Range(0, 10).Select(i => $"What is the capital of Land{i}?")).ToList();
        var pool = new ContrastiveInputs(known);

        var swaps = pool.ContentSwaps("What is the capital of Zambia?", exclude: [], max: 1000);

        Assert.Contains("What is the capital of Country7?", swaps);
        Assert.Contains("What is the capital of Land3?", swaps);
        Assert.DoesNotContain(swaps, s => s.Contains("continent") || s.Contains("located"));
        Assert.All(swaps, s => Assert.StartsWith("What is the capital of ", s));
        Assert.All(swaps, s => Assert.EndsWith("?", s));
    }
}
