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
}
