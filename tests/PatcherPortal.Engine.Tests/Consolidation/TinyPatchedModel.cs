using PatcherPortal.Engine.Consolidation;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Tests.Editing;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Consolidation;

/// <summary>
/// The tiny question answerer saved as a base directory, and the held-out facts T-Patcher fixed on it: the live edits
/// (with their patches) a consolidation starts from. Its known facts are the replay, the train subset and the memory.
/// There is no test set: the tiny model knows a single rephrasing of its facts, so TestR would be one coin flip.
/// </summary>
public sealed class TinyPatchedModel : IDisposable
{
    public TinyPatchedModel()
    {
        BaseDirectory = Path.Combine(Path.GetTempPath(), "consolidation-tests", Guid.NewGuid().ToString("N")[..12]);
        var model = TinyEditables.Generator();
        model.LanguageModel.Save(BaseDirectory);
        var known = TinyEditables.Questions(TinyEditables.Known);
        using var scope = NewDisposeScope();
        using var editor = new TransformerPatcher(model, model.MemoryQueries(known, 40_000, seed: 0));
        var edits = new List<ConsolidationEdit>();
        foreach (var fact in TinyEditables.Unknown.Take(12))
        {
            var outcome = editor.Edit(new EditRequest(fact.Question, fact.Answer, Id: fact.Id));
            if (outcome.Status == EditStatus.Fixed)
                edits.Add(new ConsolidationEdit(fact.Id, fact.Question, fact.Answer, [], outcome.Patches, fact.Rephrases.Take(1).ToList()));
        }
        Edits = edits;
        Request = new ConsolidationRequest(edits, known, known, [], known);
        model.LanguageModel.Dispose();
    }

    public string BaseDirectory { get; }
    public IReadOnlyList<ConsolidationEdit> Edits { get; }
    public ConsolidationRequest Request { get; }

    public void Dispose()
    {
        foreach (var patch in Edits.SelectMany(e => e.Patches)) patch.Dispose();
        try { Directory.Delete(BaseDirectory, recursive: true); } catch (IOException) { }
    }
}
