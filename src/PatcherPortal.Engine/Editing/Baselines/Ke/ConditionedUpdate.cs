using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing.Baselines.Ke;

/// <summary>
/// KE's constrained update of one matrix (De Cao et al., EMNLP 2021, eq. 4-5): from the edit's condition, a
/// gate σ(η), a rank-1 mask α on the gradient and a rank-1 shift β: σ(η)·(Ĝ ⊙ α + β), Ĝ the gradient scaled to unit RMS.
/// </summary>
public sealed class ConditionedUpdate : nn.Module
{
    private readonly long rows, columns;
    private readonly Sequential conditioner;

    public ConditionedUpdate(string name, long conditionSize, long rows, long columns, long hidden) : base(name)
    {
        (this.rows, this.columns) = (rows, columns);
        var output = nn.Linear(hidden, 2 * (rows + columns) + 1);
        using (no_grad())
        {
            // Untrained, the update is half a normalised gradient step: α = 1, β = 0, σ(η) = ½.
            output.weight.mul_(0.01);
            output.bias!.zero_();
            output.bias[(int)rows..(int)(rows + columns)].fill_(1);
        }
        conditioner = nn.Sequential(("input", nn.Linear(conditionSize, hidden)), ("tanh", nn.Tanh()), ("output", output));
        RegisterComponents();
    }

    public Tensor Direction(Tensor condition, Tensor gradient)
    {
        var parts = conditioner.call(condition).split([rows, columns, rows, columns, 1]);
        var mask = outer(parts[0].softmax(0) * rows, parts[1]);
        var shift = outer(parts[2].softmax(0) * rows, parts[3]);
        var unit = gradient / (gradient.pow(2).mean().sqrt() + 1e-12);
        return parts[4].sigmoid() * (unit * mask + shift);
    }
}
