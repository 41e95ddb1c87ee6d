using PatcherPortal.Engine.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace PatcherPortal.Engine.Editing;

/// <summary>
/// Trains n patches for one edit on cached rows with the paper's loss (<see cref="PaperLosses"/>) and, when switched
/// on, this project's additions: contrastive inputs join the memory's terms, tied positions add
/// <see cref="AdditionLosses.TiedPositions"/>, and <see cref="PatchState.Done"/> holds the stopping rules. Only the last FFN's
/// patch term and the position-wise head run per step.
/// </summary>
internal sealed class PatchTraining(IPatchableModel network, Activation activation, bool generation, EditRows rows, Tensor current,
    long[] patchRows, Tensor memory, PatcherOptions options, Generator generator, Tensor? shifts, Tensor? contrastive = null)
{
    public sealed record Result(bool Corrected, bool SilentOnMemory, int Steps, double Loss,
        IReadOnlyList<(Tensor Key, Tensor Bias, Tensor Value)> Patches, double[] EditActivations, double[]? MaxMemoryActivations)
    {
        /// <summary>The largest pre-activation on a contrastive input when training stopped (negative: all silent).</summary>
        public double MaxContrastiveActivation { get; init; } = double.NegativeInfinity;
        /// <summary>β: a patch counts as silent on the memory below this pre-activation.</summary>
        public double MemoryBound { get; init; }

        /// <summary>Whether every trained number is finite: a diverged run must not reach a patch.</summary>
        public bool Finite => double.IsFinite(Loss) && EditActivations.All(double.IsFinite) && (MaxMemoryActivations ?? []).All(double.IsFinite)
                              && Patches.All(p => p.Key.isfinite().all().item<bool>() && p.Bias.isfinite().all().item<bool>() && p.Value.isfinite().all().item<bool>());
    }

    private double Beta => options.Beta ?? (activation == Activation.Relu ? 0 : -3);
    private double Gamma => options.Gamma ?? (activation == Activation.Relu ? 0 : 3);

    /// <summary>Trains until <see cref="PatchState.Done"/> or <see cref="PatcherOptions.MaxSteps"/> optimiser steps;
    /// what it reports always describes the weights it returns.</summary>
    public Result Run(IProgress<EditProgress>? progress, CancellationToken cancellation)
    {
        var n = patchRows.Length;
        var own = rows.Query.index_select(0, tensor(patchRows, device: rows.Query.device));     // (n, d)
        Parameter Trainable(Tensor t) => new(t, requires_grad: true);
        using var neighbours = ShiftNeighbours();                                                           // (N, k)
        var (initialKey, initialBias) = InitialKey(own, neighbours);
        var key = Trainable(initialKey);                                                                // (d, n)
        var bias = Trainable(initialBias);                                                              // (n)
        var valueDirection = Trainable(InitialValueDirection(patchRows));                            // v' (n, d)
        Tensor valueScale = full(n, own.shape[1], options.ValueScale, device: own.device);
        List<Parameter> parameters = [key, bias, valueDirection];
        if (options.LearnableValueScale) parameters.Add((Parameter)(valueScale = Trainable(valueScale)));
        using var optimizer = optim.Adam(parameters, options.LearningRate);

        var repeats = Math.Max(1, options.Repeats);
        var query = rows.Query.repeat(repeats, 1);           // (R·N, d)
        var residual = rows.Residual.repeat(repeats, 1);     // (R·N, d)
        var baseOutput = current.repeat(repeats, 1);         // (R·N, d)
        var targets = rows.Targets.repeat(repeats);          // (R·N)
        var clean = rows.Count;
        var otherRows = OtherRowsMask(n);
        // The contrastive inputs are memory for this edit only; unlike the memory they need only stay below 0, where a
        // rectified patch is exactly silent.
        using var guarded = contrastive is null ? memory.alias() : cat([memory, contrastive], 0);          // (M + C, d)
        var memoryRows = (int)memory.shape[0];
        var (loss, step) = (double.NaN, 0);
        PatchState state;
        for (; ; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var noisy = cat([query[..(int)clean], SeededDropout(Shifted(query[(int)clean..], neighbours))], 0);
            var output = baseOutput + activation.ApplyToPatch(noisy.matmul(key) + bias).matmul(valueDirection * valueScale);
            var logits = network.ForwardFromLastFeedForward(residual, output);                      // (R·N, outputs)
            var editLoss = PaperLosses.Edit(logits, targets);
            var editActivation = (own * key.t()).sum(-1) + bias;                                     // A (n)
            var activationLoss = PaperLosses.Activation(editActivation, options.ActivationTopK);
            var memoryActivation = guarded.matmul(key) + bias;                                       // (M + C, n)
            var memoryLoss = PaperLosses.Memory1(memoryActivation, Beta, options.MemoryTopK)
                             + options.MemoryMarginWeight * PaperLosses.Memory2(memoryActivation, editActivation, Gamma, options.MemoryTopK);
            var otherActivation = otherRows is null ? null
                : (rows.Query[..rows.PrimaryRows].matmul(key) + bias).masked_select(otherRows);      // (P·n - n)
            if (otherActivation is not null)
                memoryLoss += AdditionLosses.TiedPositions(otherActivation, Beta, options.MemoryTopK);
            var total = editLoss + options.ActivationWeight * activationLoss + options.MemoryWeight * memoryLoss;
            loss = total.item<float>();

            var hits = logits.argmax(-1).eq(targets);
            state = new PatchState(
                Corrected: hits[..(int)clean].all().item<bool>(),
                NoisyCopiesCorrected: hits.all().item<bool>(),
                LeastEditActivation: editActivation.min().item<float>(),
                SilentOnMemory: options.MemoryWeight == 0 || memoryRows == 0 || memoryActivation[..memoryRows].max().item<float>() < Beta,
                SilentOnOwnPositions: options.MemoryWeight == 0 || otherActivation is null || otherActivation.max().item<float>() < 0,
                MaxContrastiveActivation: contrastive is null ? double.NegativeInfinity : memoryActivation[memoryRows..].max().item<float>());
            progress?.Report(new EditProgress(step, options.MaxSteps, loss, editLoss.item<float>(), activationLoss.item<float>(), memoryLoss.item<float>()));
            if (state.Done(options) || step == options.MaxSteps) break;

            total.backward();
            optimizer.step();
        }

        using var noGrad = no_grad();
        var finalActivation = ((own * key.t()).sum(-1) + bias).cpu().data<float>().Select(x => (double)x).ToArray();
        // The largest pre-activation over an empty memory is undefined: null, not 0 or -infinity.
        var maxMemory = memory.shape[0] == 0 ? null
            : (memory.matmul(key) + bias).max(0).values.cpu().data<float>().Select(x => (double)x).ToArray();
        var value = valueDirection * valueScale;
        var patches = Enumerable.Range(0, n).Select(i => (key[.., i].detach(), bias[i].detach(), value[i].detach())).ToList();
        return new Result(state.Corrected, state.SilentOnMemory && state.SilentOnOwnPositions, step, loss, patches, finalActivation, maxMemory)
            { MaxContrastiveActivation = state.MaxContrastiveActivation, MemoryBound = Beta };
    }

    /// <summary>For generation (several rows per input), which of the input's rows each patch must not fire on.</summary>
    private Tensor? OtherRowsMask(int n)
    {
        if (rows.PrimaryRows < 2 || !options.TiePatchesToPositions) return null;
        var mask = ones(rows.PrimaryRows, n, dtype: ScalarType.Bool, device: rows.Query.device);
        for (var i = 0; i < n; i++)
            if (patchRows[i] < rows.PrimaryRows) mask[patchRows[i], i] = false;
        return mask;
    }

    /// <summary>Noisy copies (R·N - N rows) moved by paraphrase shifts drawn, for each copy, among the shifts whose
    /// origin is most like that row's query (see <see cref="ParaphraseShifts"/>).</summary>
    private Tensor Shifted(Tensor x, Tensor? neighbours)
    {
        if (neighbours is null || x.shape[0] == 0) return x;
        var row = arange(x.shape[0], device: x.device) % rows.Count;
        var choice = randint(neighbours.shape[1], [x.shape[0]], generator: generator).to(x.device);
        var pick = neighbours.index_select(0, row).gather(1, choice.unsqueeze(1)).squeeze(1);
        return x + options.ShiftScale * shifts![.., 1].index_select(0, pick);
    }

    /// <summary>For each edit row, the indices of the shifts with the most similar origins: (N, k), or null.</summary>
    private Tensor? ShiftNeighbours()
    {
        if (shifts is null) return null;
        using var scope = NewDisposeScope();
        var origins = shifts[.., 0];                                                                 // (S, d)
        var k = Math.Min(options.ShiftNeighbours, (int)origins.shape[0]);
        var similarity = F.normalize(rows.Query, dim: -1).matmul(F.normalize(origins, dim: -1).t()); // (N, S)
        return similarity.topk(k, dim: 1).indexes.MoveToOuterDisposeScope();                         // (N, k)
    }

    /// <summary>Dropout drawn from the editor's own generator, so an edit trains the same way whatever else runs.</summary>
    private Tensor SeededDropout(Tensor x)
    {
        if (options.QueryDropout <= 0 || x.shape[0] == 0) return x;
        var keep = rand(x.shape, generator: generator).to(x.device).ge(options.QueryDropout).to(x.dtype);
        return x * keep / (1 - options.QueryDropout);
    }

    /// <summary>Keys (d, n) and biases (n) giving pre-activation 1 on each patch's own query.</summary>
    private (Tensor Key, Tensor Bias) InitialKey(Tensor own, Tensor? neighbours)
    {
        using var scope = NewDisposeScope();
        var mean = memory.shape[0] == 0 ? null : memory.mean([0], keepdim: true);                        // (1, d)
        // A query at the memory's mean has no direction away from it: start as the paper does.
        var centered = mean is null ? null : own - mean;                                                // (n, d)
        if (options.KeyInit == KeyInitialization.Paper || centered is null
            || (centered.pow(2).sum(-1) <= 1e-8 * own.pow(2).sum(-1)).any().item<bool>())
            return ((own / own.pow(2).sum(-1, keepdim: true)).t().contiguous().MoveToOuterDisposeScope(),
                zeros(own.shape[0], device: own.device).MoveToOuterDisposeScope());
        var key = KeyMargins(mean!, neighbours) * centered / centered.pow(2).sum(-1, keepdim: true);     // (n, d)
        var bias = 1 - (own * key).sum(-1);                                                             // (n)
        return (key.t().contiguous().MoveToOuterDisposeScope(), bias.MoveToOuterDisposeScope());
    }

    /// <summary>How steep each centered key starts (n, 1), see <see cref="ParaphraseShifts.KeyMargins"/>.</summary>
    private Tensor KeyMargins(Tensor mean, Tensor? neighbours)
    {
        if (options.CenteredKeyMargin is { } margin) return tensor(margin, device: mean.device);
        if (neighbours is null)
            return tensor(generation ? PatcherOptions.GenerationKeyMargin : PatcherOptions.ClassificationKeyMargin, device: mean.device);
        var nearest = neighbours.index_select(0, tensor(patchRows, device: neighbours.device));         // (n, k)
        return ParaphraseShifts.KeyMargins(shifts!, mean, nearest, options.ParaphraseQuantile).unsqueeze(1);
    }

    /// <summary>Uniform [0, 1) as in the paper, or the edit loss's descent direction at each patch's row with the
    /// norm of that row's residual stream: the final LayerNorm rescales the residual, so only a patch comparable to
    /// it can turn a confident wrong prediction.</summary>
    private Tensor InitialValueDirection(long[] rowsToPatch)
    {
        var d = rows.Query.shape[1];
        var uniform = rand([rowsToPatch.Length, d], generator: generator).to(rows.Query.device);
        if (options.ValueInit == ValueInitialization.Paper) return uniform;
        using var scope = NewDisposeScope();
        var index = tensor(rowsToPatch, device: rows.Query.device);
        var output = current.index_select(0, index).detach().requires_grad_();
        var logits = network.ForwardFromLastFeedForward(rows.Residual.index_select(0, index), output);
        var gradient = autograd.grad([F.cross_entropy(logits, rows.Targets.index_select(0, index), reduction: nn.Reduction.Sum)], [output])[0];
        var norm = (rows.Residual.index_select(0, index) + current.index_select(0, index)).norm(1, keepdim: true);
        var direction = -gradient / gradient.norm(1, keepdim: true).clamp_min(1e-12) * norm / options.ValueScale;
        uniform.Dispose();
        return direction.detach().MoveToOuterDisposeScope();
    }
}
