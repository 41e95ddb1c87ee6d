using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Training;
using static TorchSharp.torch;

namespace PatcherPortal.Web.Tests.Support;

/// <summary>A team's own Llama-family question answerer as a Hugging Face directory, saved as bf16 shards: a tiny
/// Llama trained on 40 capitals asked as <see cref="Template"/>, without the template file (registration supplies it).</summary>
public static class TinyLlamaDirectory
{
    public const string Template = "Question: {q}\nAnswer:";
    public static readonly IReadOnlyList<FactRecord> Known = TinyBaseModels.Facts().Take(40).ToList();
    public static readonly IReadOnlyList<FactRecord> Unknown = TinyBaseModels.Facts().Skip(40).ToList();

    /// <param name="steps">Training steps; 0 for a random model, when only registration is under test.</param>
    public static string Write(string directory, int steps = 400)
    {
        set_num_threads(TinyModelCache.TorchThreads);
        using var model = TinyBaseModels.LlamaQuestionAnswerer(TinyBaseModels.Questions(Known), steps, template: PromptTemplate.Parse(Template, "test"));
        model.Save(directory, new WeightLayout(ScalarType.BFloat16, 100_000));
        File.Delete(Path.Combine(directory, PromptTemplate.FileName));
        return directory;
    }
}
