using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Editing.Baselines.HyperNetworks;
using PatcherPortal.Engine.Editing.Neighbours;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Patching;
using PatcherPortal.Engine.Training;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Patching.Neighbours;
using PatcherPortal.Web.Settings;
using static TorchSharp.torch;

namespace PatcherPortal.Web.Patching;

/// <summary>
/// A private copy of a task's model on which patch jobs train and metrics are measured, so the serving model keeps
/// answering meanwhile. It mirrors one version's live patches; an edit's new patches leave it once saved.
/// </summary>
public sealed class EditWorkbench : IDisposable
{
    private readonly IPretrainedModel model;
    private readonly TransformerPatcher editor;
    /// <summary>The model's MEND or KE editor when it has one: its edits are weight-delta patches.</summary>
    private readonly HyperNetworkEditor? hyperNetwork;
    private readonly EvaluationData evaluation;
    private readonly NeighbourFinder finder;
    private readonly MemoryReservoir traffic;

    /// <param name="pastEdits">Inputs (and paraphrases) of the task's fixed edits: all join the memory.</param>
    public EditWorkbench(string baseDirectory, Device device, PatcherSetup setup, IReadOnlyList<LabelledInput> pastEdits,
        EvaluationData evaluation, ModelEditor? chosen = null)
    {
        BaseDirectory = baseDirectory;
        Evaluation = evaluation;
        Editor = chosen ?? ModelEditor.Default;
        model = PretrainedModels.Load(baseDirectory, device);
        Model = BaseModelBuilder.Editable(model);
        try
        {
            hyperNetwork = Editor.IsHyperNetwork
                ? new HyperNetworkEditor(Model, TrainedEditor.Load(Editor.Directory!, Model, Editor.Kind).Network) { AsPatches = true }
                : null;
        }
        catch
        {
            model.Dispose();
            throw;
        }
        using (var prepared = setup.Prepare(Model))
        {
            editor = prepared.Create(Model, pastEdits);
            traffic = new MemoryReservoir(editor.Memory, setup.Options.MemorySize, prepared.MemoryQueries.shape[0], setup.Options.Seed);
        }
        this.evaluation = evaluation;
        finder = new NeighbourFinder(Model);
        BaseTrainCorrect = Correct(evaluation.Train);
        BaseTestCorrect = Correct(evaluation.Test);
    }

    /// <summary>Which train-subset and test examples the base model gets right: the denominators of TrainR and TestR.</summary>
    public bool[] BaseTrainCorrect { get; }
    public bool[] BaseTestCorrect { get; }

    public IEditableModel Model { get; }
    public string BaseDirectory { get; }
    public ModelEditor Editor { get; }
    /// <summary>The data its editor was built with: new data for the model means a new workbench.</summary>
    public EvaluationData Evaluation { get; }
    /// <summary>For a model whose memory is its traffic: the last review item its memory holds.</summary>
    public int TrafficSeen { get; set; }

    /// <summary>Inputs logged since this copy was built join the memory its patches must stay silent on: with the first
    /// memory, a sample of at most <see cref="PatcherOptions.MemorySize"/> queries of all the traffic.</summary>
    public void Remember(IReadOnlyList<LabelledInput> logged)
    {
        if (logged.Count == 0) return;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        traffic.Add(Model.MemoryQueries(logged, int.MaxValue, 0));
    }

    /// <summary>The version whose live patches this copy carries (0: none loaded yet).</summary>
    public int Version { get; private set; }

    public void Mirror(int version, IReadOnlyList<Patch> patches)
    {
        editor.Patches.Clear();
        editor.Patches.AddRange(patches);
        Version = version;
    }

    public IEnumerable<Guid> PatchIds => editor.Patches.Patches.Select(p => p.Id);

    /// <summary>Mirrors a version that differs from the one carried by a few patches: those out, the added ones (taken
    /// over) appended.</summary>
    public void Mirror(int version, IReadOnlyCollection<Guid> removed, IReadOnlyList<Patch> added)
    {
        editor.Patches.Change(removed, added);
        Version = version;
    }

    public IReadOnlyList<string> Predict(IReadOnlyList<LabelledInput> examples) =>
        examples.Count == 0 ? [] : Model.Predict(examples.Select(e => e.Input).ToList());

    /// <summary>What an edit is checked on beside its own inputs: the known inputs nearest it at the patched layer (the
    /// model's data, <paramref name="alsoKnown"/>: past edits and recent traffic), the subject's other questions where the
    /// data knows them, and the inputs the request keeps.</summary>
    public IReadOnlyList<string> NeighboursOf(EditRequest request, IEnumerable<string> alsoKnown)
    {
        var data = evaluation.Memory.Concat(evaluation.Train).Concat(evaluation.Test).Select(e => e.Input);
        var own = request.AllInputs.ToHashSet(StringComparer.Ordinal);
        return finder.For(request, data.Concat(alsoKnown)).Concat(evaluation.SubjectQuestions(request.Input)).Concat(request.Keep.Select(k => k.Input))
            .Where(i => !own.Contains(i)).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Trains the edit; its patches are handed to <paramref name="keep"/> (to be saved) and then leave this copy.
    /// <paramref name="neighbours"/> (see <see cref="NeighboursOf"/>) are asked before and after: those answering
    /// differently are the report's <see cref="EditReport.NeighboursChanged"/>.</summary>
    public (EditOutcome Outcome, EditReport Report) Edit(EditRequest request, IReadOnlyList<LabelledInput> pastEdits,
        IReadOnlyList<LabelledInput> retained, IReadOnlyList<string> neighbours, Action<IReadOnlyList<Patch>> keep,
        IProgress<EditProgress> progress, CancellationToken cancellation)
    {
        var inputs = request.AllInputs.Select(i => new LabelledInput(i, request.Target)).ToList();
        var (inputsBefore, pastBefore, retainedBefore) = (Predict(inputs), Predict(pastEdits), Predict(retained));
        var neighboursBefore = neighbours.Zip(neighbours.Count == 0 ? [] : Model.Predict(neighbours), (i, a) => new LabelledInput(i, a)).ToList();
        var outcome = hyperNetwork?.Edit(request, progress, cancellation) ?? editor.Edit(request, progress, cancellation);
        try
        {
            var changed = outcome.Status == EditStatus.Fixed;
            var candidate = outcome.Patches.Select(p => p.Id).ToList();
            var report = new EditReport(
                Compare(inputs, inputsBefore, changed ? Predict(inputs) : inputsBefore),
                pastEdits.Count, Compare(pastEdits, pastBefore, changed ? Predict(pastEdits) : pastBefore).Where(c => c.Changed).ToList(),
                retained.Count, Compare(retained, retainedBefore, changed ? Predict(retained) : retainedBefore).Where(c => c.Changed).ToList(),
                outcome.PatchStatistics.Select(s => new PatchFigures(s.PatchId, s.EditActivation, s.MaxMemoryActivation)).ToList())
            {
                PatchesNeeded = outcome.PatchesNeeded, Bounds = outcome.Bounds, NeighboursChecked = neighbours.Count, NeighboursBefore = neighboursBefore,
                NeighboursAlsoRetained = neighbours.Intersect(retained.Select(r => r.Input), StringComparer.Ordinal).Count(),
                NeighboursChanged = changed ? NeighbourCheck.Changed(Model, neighboursBefore, candidate) : [],
            };
            if (outcome.Patches.Count > 0) keep(outcome.Patches);
            return (outcome, report);
        }
        finally
        {
            foreach (var patch in outcome.Patches) editor.Patches.Remove(patch.Id);
        }
    }

    public bool[] Correct(IReadOnlyList<LabelledInput> examples) =>
        Predict(examples).Select((p, i) => Model.Matches(p, examples[i].Target)).ToArray();

    private List<AnswerChange> Compare(IReadOnlyList<LabelledInput> examples, IReadOnlyList<string> before, IReadOnlyList<string> after) =>
        examples.Select((e, i) => new AnswerChange(e.Input, e.Target, before[i], after[i], Model.Matches(after[i], e.Target))).ToList();

    public void Dispose()
    {
        finder.Dispose();
        hyperNetwork?.Dispose();
        editor.Dispose();
        model.Dispose();
    }
}
