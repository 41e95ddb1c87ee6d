using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Models;

namespace PatcherPortal.Web.Tests.Hosting;

/// <summary>The portal's retain metrics are measured on inputs its patch memory never held, and TestR's are never replayed.</summary>
public sealed class EvaluationDataTests
{
    [Theory]
    [InlineData(ModelTask.QuestionAnswering, ModelProfile.Default)]
    [InlineData(ModelTask.FactChecking, ModelProfile.Default)]
    [InlineData(ModelTask.QuestionAnswering, ModelProfile.Tiny)]
    [InlineData(ModelTask.FactChecking, ModelProfile.Tiny)]
    public void TrainR_and_TestR_inputs_are_outside_the_memory_and_TestR_inputs_outside_the_replay(ModelTask task, ModelProfile profile)
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
}
