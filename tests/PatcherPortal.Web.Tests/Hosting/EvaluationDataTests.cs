using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;

namespace PatcherPortal.Web.Tests.Hosting;

/// <summary>The portal's retain metrics are measured on inputs its patch memory never held, and TestR's are never replayed.</summary>
public sealed class EvaluationDataTests
{
    [Theory]
    [InlineData("qa", ModelProfile.Default)]
    [InlineData("fc", ModelProfile.Default)]
    [InlineData("qa", ModelProfile.Tiny)]
    [InlineData("fc", ModelProfile.Tiny)]
    public void TrainR_and_TestR_inputs_are_outside_the_memory_and_TestR_inputs_outside_the_replay(string task, ModelProfile profile)
    {
        var options = new EvaluationOptions();
        var data = EvaluationData.For(task, profile, options);

        var memory = data.Memory.Select(m => m.Input).ToHashSet();
        Assert.NotEmpty(memory);
        Assert.InRange(data.Train.Count, 1, options.TrainSubset);
        Assert.InRange(data.Test.Count, 1, options.TestSubset);
        Assert.DoesNotContain(data.Train.Concat(data.Test), e => memory.Contains(e.Input));
        Assert.DoesNotContain(data.Test, e => data.Replay.Any(r => r.Input == e.Input));
        Assert.NotEmpty(data.Paraphrased);
        Assert.All(data.Paraphrased, e => Assert.Contains(e.Input, memory));
    }

    [Fact]
    public void An_edit_of_one_fact_is_checked_on_the_subjects_other_questions_whichever_way_it_is_asked()
    {
        var data = EvaluationData.For("qa", ModelProfile.Default, new EvaluationOptions());

        string[] others = ["What is the capital of Japan?", "On which continent is Japan located?", "What is the official language of Japan?",
            "What is the calling code of Japan?"];
        Assert.Equal(others.Order(), data.SubjectQuestions("What is the currency code of Japan?").Order());
        Assert.Equal(others.Order(), data.SubjectQuestions("  which currency code does japan use?").Order());
        Assert.Empty(data.SubjectQuestions("Who wrote this?"));
    }
}
