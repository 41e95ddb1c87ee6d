using PatcherPortal.Engine.Datasets;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;

namespace PatcherPortal.Web.ModelData;

/// <summary>
/// A model's own examples: an uploaded file (the <see cref="ModelExamplesReader"/> formats) replaces the model's previous
/// one, is kept under the model's data directory, and is cut by <see cref="MemoryAndKeep"/> into the memory its editor
/// stays silent on and the keep set its TrainR / TestR and consolidation replay use. A refused file changes nothing.
/// </summary>
public sealed class ModelDataStore(PortalPaths paths, ModelRegistry registry)
{
    /// <summary>The largest examples or edits file a page accepts.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    public async Task<ModelDataSummary> UploadAsync(string modelName, string fileName, Stream content, CancellationToken cancellation)
    {
        var model = registry.Resolve(modelName);
        var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellation);
        var extension = Path.GetExtension(fileName).ToLowerInvariant() is ".csv" ? ".csv" : ".jsonl";
        ModelExamples examples;
        try
        {
            buffer.Position = 0;
            examples = ModelExamplesReader.Read(buffer, Path.GetFileName(fileName));
        }
        catch (DatasetFormatException refused)
        {
            throw new ArgumentException($"The examples file is refused, nothing was changed: {refused.Message}", refused);
        }
        var directory = Directory.CreateDirectory(paths.ModelData(model.Name)).FullName;
        foreach (var old in Directory.EnumerateFiles(directory, "examples.*")) File.Delete(old);
        var stored = Path.Combine(directory, "examples" + (IsOwnLayout(fileName) ? extension : Path.GetExtension(fileName)));
        await File.WriteAllBytesAsync(stored, buffer.ToArray(), cancellation);
        var data = Evaluate(examples, registry.Options.Evaluation).WithAccepted(AcceptedAnswers.Pairs(paths, model.Name));
        registry.UseData(model.Name, data);
        return Summary(model.Name, data, Path.GetFileName(stored), examples.Count);
    }

    public ModelDataSummary Summary(string modelName)
    {
        var model = registry.Resolve(modelName);
        var file = Find(paths, model.Name);
        return Summary(model.Name, registry.Evaluation(model.Name), file is null ? null : Path.GetFileName(file), null);
    }

    /// <summary>The model's stored examples file, if an admin uploaded one.</summary>
    public static string? Find(PortalPaths paths, string modelName)
    {
        var directory = paths.ModelData(modelName);
        return Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "examples.*").FirstOrDefault() : null;
    }

    /// <summary>What the model is judged on: its uploaded examples, else a built-in model's data set, else nothing; plus the
    /// answers annotators chose to keep.</summary>
    public static EvaluationData Evaluation(PortalPaths paths, RegisteredModel model, PortalOptions options) =>
        (Find(paths, model.Name) is { } own ? Evaluate(ModelExamplesReader.Read(own), options.Evaluation) : BuiltInModels.Evaluation(model, options))
        .WithAccepted(AcceptedAnswers.Pairs(paths, model.Name));

    private static EvaluationData Evaluate(ModelExamples examples, EvaluationOptions options)
    {
        var sets = MemoryAndKeep.Build(examples);
        return EvaluationData.From(sets, options, sets.Keep.Train.Concat(sets.MemoryExamples).Take(6).Select(e => e.Input).ToList());
    }

    private static bool IsOwnLayout(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() is ".csv" or ".jsonl" or "";

    private static ModelDataSummary Summary(string model, EvaluationData data, string? file, int? examples) => new(model, file, examples,
        data.Memory.Count, data.Train.Count, data.Test.Count, data.Replay.Count, data.Paraphrased.Count > 0,
        data.Missing.Select(m => new MissingFigureResponse(m.Name, m.Reason)).ToList());
}
