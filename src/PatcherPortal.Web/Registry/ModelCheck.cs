using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Training;
using PatcherPortal.Web.Models;
using static TorchSharp.torch;

namespace PatcherPortal.Web.Registry;

/// <summary>What registration learned from a model directory that loads, tokenizes and predicts.</summary>
public sealed record CheckedModel(ModelKind Kind, string ModelType, IReadOnlyList<string> Labels, long Parameters, string SampleOutput);

/// <summary>
/// Proves a Hugging Face directory is usable before anything is stored: it loads (config.json, weights, tokenizer),
/// its tokenizer round-trips a sample, and the sample predicts. Refusals are <see cref="CheckpointException"/>s naming
/// the file or tensor at fault.
/// </summary>
public static class ModelCheck
{
    public const string DefaultSample = "The quick brown fox jumps over the lazy dog.";

    public static CheckedModel Run(string directory, ModelKind? expected, string? sample, Device device)
    {
        sample = string.IsNullOrWhiteSpace(sample) ? DefaultSample : sample.Trim();
        using var model = Load(directory, device);
        var kind = KindOf(model, directory);
        if (expected is { } given && given != kind)
            throw new CheckpointException($"{Path.Combine(directory, ModelConfigFile.FileName)} describes a {Describe(kind)}, not a {Describe(given)}.");
        RoundTrip(model, directory, sample);
        string output;
        try
        {
            using var scope = NewDisposeScope();
            output = BaseModelBuilder.Editable(model).Predict([sample])[0];
        }
        catch (Exception error) when (error is not CheckpointException)
        {
            throw new CheckpointException($"The model in {directory} loads but cannot predict a sample: {error.Message}", error);
        }
        var labels = model is SequenceClassifier classifier ? classifier.Labels : [];
        return new CheckedModel(kind, model.ModelType, labels, model.ParameterCount, output);
    }

    /// <summary>The engine's loaders name the file at fault; a tokenizer file refused by its reader is a refusal too.</summary>
    private static IPretrainedModel Load(string directory, Device device)
    {
        try
        {
            return PretrainedModels.Load(directory, device);
        }
        catch (Exception error) when (error is IOException or InvalidDataException or System.Text.Json.JsonException or FormatException or ArgumentException)
        {
            throw new CheckpointException($"The model in {directory} cannot be loaded: {error.Message}", error);
        }
    }

    private static ModelKind KindOf(IPretrainedModel model, string directory) => model switch
    {
        SequenceClassifier => ModelKind.Classification,
        IAnswerGenerator => ModelKind.Generation,
        _ => throw new CheckpointException($"{Path.Combine(directory, ModelConfigFile.FileName)} describes a bare encoder: register a " +
            "sequence classifier (BertForSequenceClassification, RobertaForSequenceClassification or DistilBertForSequenceClassification, with id2label) or a language model."),
    };

    /// <summary>Encoding what the tokenizer decoded gives the same ids back: the vocabulary (and merges) agree with each other.</summary>
    private static void RoundTrip(IPretrainedModel model, string directory, string sample)
    {
        var ids = model.Tokenizer.Encode(sample);
        if (ids.Count == 0) throw new CheckpointException($"The tokenizer in {directory} turns the sample '{sample}' into no tokens.");
        var size = model.Tokenizer.VocabularySize;
        if (ids.Where(id => id < 0 || id >= size).Select(id => (int?)id).FirstOrDefault() is { } outside)
            throw new CheckpointException($"The tokenizer in {directory} gives token id {outside}, outside its vocabulary of {size}.");
        // Unknown words become a special token that decodes to nothing: only the tokens that decode to text must come back.
        var known = ids.Where(id => model.Tokenizer.Decode([id]).Length > 0).ToList();
        var again = model.Tokenizer.Encode(model.Tokenizer.Decode(ids));
        if (!again.SequenceEqual(known))
            throw new CheckpointException($"The tokenizer in {directory} does not round-trip the sample '{sample}': " +
                $"[{string.Join(", ", ids)}] decodes to '{model.Tokenizer.Decode(ids)}', which encodes to [{string.Join(", ", again)}].");
    }

    public static string Describe(ModelKind kind) => kind == ModelKind.Classification ? "classifier" : "generator (language model)";
}
