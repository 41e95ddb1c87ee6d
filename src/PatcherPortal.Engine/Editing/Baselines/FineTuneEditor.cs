using System.Diagnostics;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace PatcherPortal.Engine.Editing.Baselines;

/// <summary>
/// The fine-tuning baselines FT(last), FT(all), FT(last)+KL and FT(all)+KL (paper section 5.1 and appendix B): Adam on
/// the edit's input and given paraphrases until every row deciding the answer is right, the KL variants also keeping
/// a random batch of memory examples close to what the model gave them before the edit.
/// </summary>
/// <remarks>
/// f_before is the model just before each edit (as in MEND's FT+KL, the paper's source for it): its log-probabilities
/// on that edit's KL batch are computed once, before the first step, so no second model is kept. Caching f0 on the
/// whole memory instead would cost rows × vocabulary floats, gigabytes for generation. The batch is drawn once per
/// edit ("a batch of 512"), and the memory grows with every fixed edit, as the paper's memory does.
/// </remarks>
public sealed class FineTuneEditor : IModelEditor
{
    private readonly List<LabelledInput> memory;
    private readonly Random random;
    private readonly List<Parameter> trainable;

    public FineTuneEditor(IEditableModel model, IReadOnlyList<LabelledInput>? memory = null, FineTuneOptions? options = null)
    {
        Model = model;
        Options = options ?? new FineTuneOptions();
        this.memory = [.. memory ?? []];
        random = new Random(Options.Seed);
        trainable = Options.Scope == FineTuneScope.Last
            ? LastFeedForwardParameters.Find(model).Select(p => p.Parameter).ToList()
            : [.. model.Module.UniqueParameters(p => p.requires_grad)];
    }

    public string Name => Options.Name;
    public IEditableModel Model { get; }
    public FineTuneOptions Options { get; }
    public IReadOnlyList<LabelledInput> Memory => memory;
    public IReadOnlyList<Parameter> TrainableParameters => trainable;
    public long ParameterCount => Model.BaseParameterCount;

    public IReadOnlyList<string> Predict(IReadOnlyList<string> inputs) => Model.Predict(inputs);

    public EditOutcome Edit(EditRequest request, IProgress<EditProgress>? progress = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        Model.Module.eval();
        using var pass = FineTunePass.Create(Options.Scope, Model, request);
        using (no_grad())
        {
            var (logits, targets) = pass.EditLogits();
            if (Correct(logits, targets))
                return new EditOutcome(EditStatus.AlreadyCorrect, clock.Elapsed, 0, "The model already gives this answer.");
        }

        using var locality = Options.KlWeight > 0 && Options.KlBatchSize > 0 && memory.Count > 0 ? pass.Locality(SampleMemory()) : null;
        var snapshot = trainable.Select(p => p.detach().clone()).ToList();
        var (step, loss, fixedNow) = (0, double.NaN, false);
        try
        {
            using var optimizer = optim.Adam(trainable, Options.LearningRate);
            for (; ; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                using var stepScope = NewDisposeScope();
                optimizer.zero_grad();
                var (logits, targets) = pass.EditLogits();
                if (step > 0 && Correct(logits, targets)) { fixedNow = true; break; }
                if (step == Options.MaxSteps) break;
                var editLoss = F.cross_entropy(logits, targets);
                editLoss.backward();
                var kl = locality?.Backward(Options.KlWeight) ?? 0;
                loss = editLoss.item<float>() + Options.KlWeight * kl;
                progress?.Report(new EditProgress(step, Options.MaxSteps, loss, editLoss.item<float>(), 0, kl));
                optimizer.step();
            }
        }
        finally
        {
            if (!fixedNow) Restore(snapshot);
            snapshot.ForEach(s => s.Dispose());
            Model.Module.zero_grad(set_to_none: true);
        }

        if (!fixedNow)
            return new EditOutcome(EditStatus.Failed, clock.Elapsed, step,
                $"Not fixed after {step} steps (loss {loss:F3}); the weights are restored.") { FinalLoss = loss };
        memory.AddRange(request.AllInputs.Select(i => new LabelledInput(i, request.Target)));
        return new EditOutcome(EditStatus.Fixed, clock.Elapsed, step, $"Fixed by {Name} in {step} steps.") { FinalLoss = loss };
    }

    public void Dispose() { }

    /// <summary>GPT-2's tied lm_head and wte are two parameters on one storage; Adam must step it once, not twice.</summary>
    private static bool Correct(Tensor logits, Tensor targets) => logits.argmax(-1).eq(targets).all().item<bool>();

    private List<LabelledInput> SampleMemory()
    {
        var count = Math.Min(Options.KlBatchSize, memory.Count);
        var order = Enumerable.Range(0, memory.Count).ToArray();
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, order.Length);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order.Take(count).Select(i => memory[i]).ToList();
    }

    private void Restore(List<Tensor> snapshot)
    {
        using var noGrad = no_grad();
        foreach (var (parameter, saved) in trainable.Zip(snapshot)) parameter.copy_(saved);
    }
}
