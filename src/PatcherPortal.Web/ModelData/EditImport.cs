using System.Text.Json;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Patching;

namespace PatcherPortal.Web.ModelData;

/// <summary>
/// Replays exported edits on another model: each edit becomes a correction of that model through the normal correction
/// path (so its approval rules apply) and trains afresh against it. An edit the model already answers right is not queued.
/// The run's report, edit by edit, is kept under the model's data directory.
/// </summary>
public sealed class EditImport(ModelRegistry registry, Corrections corrections, PortalPaths paths)
{
    public const string Queued = "queued", Refused = "refused", AlreadyCorrect = "already correct";

    public async Task<ImportRunReport> RunAsync(string modelName, string fileName, Stream content, string author, CancellationToken cancellation)
    {
        var model = registry.Resolve(modelName);
        ModelExamples examples;
        try
        {
            examples = ModelExamplesReader.Read(content, Path.GetFileName(fileName));
        }
        catch (DatasetFormatException refused)
        {
            throw new ArgumentException($"The edits file is refused, nothing was queued: {refused.Message}", refused);
        }
        var rows = new List<ImportRowOutcome>();
        foreach (var (edit, index) in examples.Trained.Concat(examples.HeldOut).Select((e, i) => (e, i + 1)))
        {
            cancellation.ThrowIfCancellationRequested();
            rows.Add(await ReplayAsync(model, edit, index, author));
        }
        var directory = Directory.CreateDirectory(Path.Combine(paths.ModelData(model.Name), "imports")).FullName;
        var id = Directory.EnumerateFiles(directory, "import-*.json").Count() + 1;
        var report = new ImportRunReport(id, model.Name, Path.GetFileName(fileName), author, DateTime.UtcNow, rows);
        await File.WriteAllTextAsync(ReportFile(model.Name, id), JsonSerializer.Serialize(report, JsonSerializerOptions.Web), cancellation);
        return report;
    }

    public async Task<ImportRunReport> GetAsync(string modelName, int id)
    {
        var file = ReportFile(registry.Resolve(modelName).Name, id);
        if (!File.Exists(file)) throw new KeyNotFoundException($"There is no import run #{id} of the model '{modelName}'.");
        return JsonSerializer.Deserialize<ImportRunReport>(await File.ReadAllTextAsync(file), JsonSerializerOptions.Web)!;
    }

    private string ReportFile(string modelName, int id) => Path.Combine(paths.ModelData(modelName), "imports", $"import-{id:D5}.json");

    private async Task<ImportRowOutcome> ReplayAsync(TaskModel model, EditExample edit, int row, string author)
    {
        if (!model.IsReady) return new(row, edit.Input, edit.Target, Refused, $"The model is not in service yet ({model.Activity}).", null);
        if (model.InputProblem(edit.Input, "the input") is { } tooLong) return new(row, edit.Input, edit.Target, Refused, tooLong, null);
        var answer = (await Task.Run(() => model.Predict(edit.Input))).Output;
        if (Corrections.Normalize(answer) == Corrections.Normalize(edit.Target))
            return new(row, edit.Input, edit.Target, AlreadyCorrect, $"The model already answers '{answer}'.", null);
        var result = await corrections.SubmitAsync(new CorrectionRequest(model.Name, edit.Input, answer, edit.Target, edit.Paraphrases), author);
        return result.Accepted
            ? new(row, edit.Input, edit.Target, Queued, null, result.CorrectionId)
            : new(row, edit.Input, edit.Target, Refused, result.Error, result.DuplicateOf);
    }
}

/// <summary>One import run: the file, who ran it, and each edit's outcome.</summary>
public sealed record ImportRunReport(int Id, string Model, string File, string Author, DateTime At, IReadOnlyList<ImportRowOutcome> Rows)
{
    public int QueuedCount => Rows.Count(r => r.Outcome == EditImport.Queued);
    public int RefusedCount => Rows.Count(r => r.Outcome == EditImport.Refused);
    public int AlreadyCorrectCount => Rows.Count(r => r.Outcome == EditImport.AlreadyCorrect);
}

/// <summary>An edit's outcome: queued (with its correction), refused (with the reason) or already correct.</summary>
public sealed record ImportRowOutcome(int Row, string Input, string Target, string Outcome, string? Reason, int? CorrectionId);
