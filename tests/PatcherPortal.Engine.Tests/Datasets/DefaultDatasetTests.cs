using PatcherPortal.Engine.Datasets;

namespace PatcherPortal.Engine.Tests.Datasets;

public class DefaultDatasetTests
{
    private static readonly IReadOnlyList<FactRecord> Facts = DefaultDataset.LoadFacts();

    [Fact]
    public void Default_dataset_is_embedded_with_its_source_and_licence()
    {
        var document = DefaultDataset.LoadDocument();

        Assert.Contains("countries-list", document.Source);
        Assert.StartsWith("MIT", document.License);
        Assert.True(Facts.Count > 1000, $"only {Facts.Count} facts");
        Assert.Equal(Facts.Count, Facts.Select(f => f.Id).Distinct().Count());
    }

    [Theory]
    [InlineData("FR/capital", "What is the capital of France?", "Paris")]
    [InlineData("FR/continent", "On which continent is France located?", "Europe")]
    [InlineData("FR/currency", "What is the currency code of France?", "EUR")]
    [InlineData("FR/language", "What is the official language of France?", "French")]
    [InlineData("FR/calling-code", "What is the calling code of France?", "+33")]
    [InlineData("NL/capital", "What is the capital of the Netherlands?", "Amsterdam")]
    [InlineData("CH/language", "What is an official language of Switzerland?", "German")]
    [InlineData("JM/calling-code", "What is the calling code of Jamaica?", "+1-876")]
    public void Default_dataset_asks_short_questions_with_short_answers(string id, string question, string answer)
    {
        var fact = Facts.Single(f => f.Id == id);

        Assert.Equal(question, fact.Question);
        Assert.Equal(answer, fact.Answer);
    }

    [Fact]
    public void Default_dataset_answers_are_short_strings()
    {
        Assert.All(Facts, fact => Assert.InRange(fact.Answer.Length, 1, 30));
    }

    [Fact]
    public void Default_dataset_has_paraphrases_for_every_question()
    {
        Assert.All(Facts, fact =>
        {
            Assert.True(fact.Rephrases.Count >= 4, $"{fact.Id} has {fact.Rephrases.Count} paraphrases");
            Assert.Equal(fact.Rephrases.Count + 1, fact.Rephrases.Append(fact.Question).Distinct().Count());
            Assert.All(fact.Rephrases, r => Assert.DoesNotContain("{", r));
        });
    }

    [Fact]
    public void Default_dataset_has_one_true_and_two_false_claims_per_fact_each_with_paraphrases()
    {
        Assert.All(Facts, fact =>
        {
            Assert.Equal(["SUPPORTS", "REFUTES", "REFUTES"], fact.Claims.Select(c => c.Label));
            Assert.Contains(fact.Answer, fact.Claims[0].Text);
            Assert.Equal(3, fact.Claims.Select(c => c.Text).Distinct().Count());
            Assert.All(fact.Claims, claim =>
            {
                Assert.Equal(2, claim.Rephrases.Count);
                Assert.All(claim.Rephrases.Append(claim.Text), text => Assert.DoesNotContain("..", text));
                Assert.Equal(3, claim.Rephrases.Append(claim.Text).Distinct().Count());
            });
        });
    }

    [Fact]
    public void Default_dataset_projects_to_question_answering_and_fact_checking()
    {
        var qa = DefaultDataset.QuestionAnswering();
        var fc = DefaultDataset.FactChecking();

        Assert.Equal(("qa", Facts.Count), (qa.Task, qa.Examples.Count));
        Assert.Equal(("fc", 3 * Facts.Count), (fc.Task, fc.Examples.Count));
        var capital = qa.Examples.Single(e => e.Id == "FR/capital");
        Assert.Equal(("What is the capital of France?", "Paris"), (capital.Input, capital.Target));
        Assert.Equal(Facts.Single(f => f.Id == "FR/capital").Rephrases, capital.Paraphrases);
        var claim = fc.Examples.Single(e => e.Id == "FR/capital/claim-0");
        Assert.Equal(("The capital of France is Paris.", "SUPPORTS"), (claim.Input, claim.Target));
        Assert.Equal(fc.Examples.Count, fc.Examples.Select(e => e.Id).Distinct().Count());
        Assert.All(qa.Examples.Concat(fc.Examples), e => Assert.Empty(e.Locality));
    }
}
