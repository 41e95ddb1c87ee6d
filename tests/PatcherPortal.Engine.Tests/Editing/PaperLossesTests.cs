using PatcherPortal.Engine.Editing;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Editing;

/// <summary>Each loss term against its formula in the paper, on tensors small enough to work out by hand.</summary>
public sealed class PaperLossesTests
{
    private const double Tolerance = 1e-5;

    private static double Value(Tensor t) => t.item<float>();

    [Fact]
    public void S_is_the_mean_of_the_k_largest_exponentials_eq_17()
    {
        using var scope = NewDisposeScope();
        var v = tensor(new float[] { 0.5f, -1f, 2f, 1f });

        Assert.Equal((Math.Exp(2) + Math.Exp(1)) / 2, Value(PaperLosses.S(v, 2)), Tolerance);
        Assert.Equal((Math.Exp(0.5) + Math.Exp(-1) + Math.Exp(2) + Math.Exp(1)) / 4, Value(PaperLosses.S(v, 10)), Tolerance);
    }

    [Fact]
    public void S_of_a_matrix_takes_the_k_largest_of_all_its_elements_and_of_nothing_is_zero()
    {
        using var scope = NewDisposeScope();
        var v = tensor(new float[,] { { 0f, 3f }, { 2f, -5f } });

        Assert.Equal((Math.Exp(3) + Math.Exp(2)) / 2, Value(PaperLosses.S(v, 2)), Tolerance);
        Assert.Equal(0, Value(PaperLosses.S(zeros(0, 3), 5)));
    }

    [Fact]
    public void The_activation_loss_is_S_of_minus_each_patchs_activation_on_its_own_query_eq_30()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1f, -0.5f, 3f });                                       // A, three patches

        Assert.Equal((Math.Exp(0.5) + Math.Exp(-1)) / 2, Value(PaperLosses.Activation(a, 2)), Tolerance);
    }

    [Fact]
    public void The_first_memory_loss_is_S_of_the_memory_activations_above_beta_eq_16()
    {
        using var scope = NewDisposeScope();
        var memory = tensor(new float[,] { { -4f, 0f }, { -2f, -6f } });                     // (M = 2, n = 2)

        var expected = (Math.Exp(0 + 3) + Math.Exp(-2 + 3)) / 2;
        Assert.Equal(expected, Value(PaperLosses.Memory1(memory, beta: -3, topK: 2)), Tolerance);
    }

    [Fact]
    public void The_second_memory_loss_puts_each_patchs_memory_activations_gamma_below_its_own_eq_31_with_the_proses_sign()
    {
        using var scope = NewDisposeScope();
        var memory = tensor(new float[,] { { 1f, 0f }, { 2f, -1f } });                        // (M = 2, n = 2)
        var a = tensor(new float[] { 4f, 1f });                                               // patch 0 fires at 4, patch 1 at 1

        // M·k + b - A + γ column by column: patch 0 gives {0, 1}, patch 1 gives {2, 1}.
        var expected = (Math.Exp(2) + Math.Exp(1) + Math.Exp(1) + Math.Exp(0)) / 4;
        Assert.Equal(expected, Value(PaperLosses.Memory2(memory, a, gamma: 3, topK: 10)), Tolerance);
        // A memory query exactly γ below the edit's activation costs e^0 = 1, one further below costs less.
        Assert.Equal(1, Value(PaperLosses.Memory2(tensor(new float[,] { { 1f } }), tensor(new float[] { 4f }), gamma: 3, topK: 1)), Tolerance);
    }

    [Fact]
    public void The_edit_loss_is_the_tasks_cross_entropy_eq_14()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[,] { { 2f, 0f }, { 0f, 1f } });
        var targets = tensor(new long[] { 1, 1 });

        var expected = (-Math.Log(Math.Exp(0) / (Math.Exp(2) + 1)) - Math.Log(Math.Exp(1) / (1 + Math.Exp(1)))) / 2;
        Assert.Equal(expected, Value(PaperLosses.Edit(logits, targets)), Tolerance);
    }

    [Fact]
    public void The_tied_positions_term_is_S_of_the_activations_on_the_edits_other_rows_above_beta()
    {
        using var scope = NewDisposeScope();
        var other = tensor(new float[] { -4f, -1f, 0.5f });

        Assert.Equal((Math.Exp(3.5) + Math.Exp(2)) / 2, Value(AdditionLosses.TiedPositions(other, beta: -3, topK: 2)), Tolerance);
    }

    [Fact]
    public void The_worst_memory_violator_keeps_a_gradient_past_the_exponentials_ceiling()
    {
        using var scope = NewDisposeScope();
        var memory = tensor(new float[] { 100f, 10f }, requires_grad: true);

        var loss = PaperLosses.Memory1(memory, beta: 0, topK: 2);
        loss.backward();

        var gradient = memory.grad!.data<float>().ToArray();
        Assert.True(double.IsFinite(Value(loss)), $"loss {Value(loss)}");
        Assert.True(gradient[0] > 0, $"the query at 100 gets gradient {gradient[0]}");
        Assert.True(gradient[0] >= gradient[1], "the worse violator is pushed at least as hard");
        Assert.Equal(Math.Exp(10) / 2, (double)gradient[1], Math.Exp(10) * 1e-5);
    }

    [Fact]
    public void Below_the_ceiling_the_exponential_is_exact_and_above_it_continues_along_its_tangent()
    {
        using var scope = NewDisposeScope();
        var v = tensor(new float[] { 59f, 61f });

        var e = PaperLosses.Exp(v).data<float>().ToArray();
        Assert.Equal(MathF.Exp(59), e[0]);
        Assert.Equal(Math.Exp(60) * 2, (double)e[1], Math.Exp(60) * 1e-5);
    }
}
