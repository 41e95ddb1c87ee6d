using System.Diagnostics;
using System.Text.Json.Nodes;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Models.Llama;
using PatcherPortal.Engine.Tokenization;
using PatcherPortal.Engine.Training;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Benchmarks;

public sealed record ModelCostReport(long Parameters, double LoadSeconds, double RssBeforeLoadMiB, double PeakRssMiB, double CheckpointMiB,
    double PredictBatch1Seconds, double PredictBatch16Seconds, int NewTokens,
    IReadOnlyList<(int Memory, double Seconds, int Steps, int Patches, EditStatus Status)> Edits, OverheadReport Overhead);

/// <summary>
/// What a team's decoder costs here: a random-initialised model with a real checkpoint's exact configuration, saved as
/// sharded bf16 safetensors, then loaded, asked, edited and patched like a served model. Random weights make the
/// answers meaningless but the costs real.
/// </summary>
public static class ModelCostBenchmark
{
    /// <summary>Builds the directory: random weights of the configuration, a BPE tokenizer of the default questions
    /// (its ids use the first rows of the embedding), an end token the tokenizer never produces (so answers run to the
    /// token limit), and a plain question template.</summary>
    public static void Create(string configFile, string directory, IReadOnlyList<string> corpus, long maxShardBytes)
    {
        using var scope = NewDisposeScope();
        var config = ModelConfigFile.Deserialize<LlamaConfig>(Path.GetDirectoryName(Path.GetFullPath(configFile))!, JsonNode.Parse(File.ReadAllText(configFile))!);
        var tokenizer = BpeTrainer.Train(corpus, 1024);
        manual_seed(0);
        using var model = new LlamaForCausalLM(config);
        var never = config.VocabSize - 1;
        var languageModel = new LlamaLanguageModel(model, tokenizer, new GenerationTokens([never], tokenizer.EndOfTextId, null),
            PromptTemplate.Parse("Question: {q}\nAnswer:", configFile));
        languageModel.Save(directory, new WeightLayout(ScalarType.BFloat16, maxShardBytes));
    }

    public static ModelCostReport Run(string directory, IReadOnlyList<(string Input, string Target)> questions, int[] memorySizes,
        int overheadPatches, int overheadRounds, Action<string> log)
    {
        ProcessMemory.ResetPeak();
        var before = ProcessMemory.ResidentMiB();
        var clock = Stopwatch.StartNew();
        using var loaded = PretrainedModels.Load(directory, CPU);
        var loadSeconds = clock.Elapsed.TotalSeconds;
        var peak = ProcessMemory.PeakResidentMiB();
        var checkpoint = Directory.EnumerateFiles(directory, "*.safetensors").Sum(f => new FileInfo(f).Length) / 1048576.0;
        log($"loaded {loaded.ParameterCount:N0} parameters in {loadSeconds:F1} s; resident {before:F0} -> peak {peak:F0} MiB; checkpoint {checkpoint:F0} MiB");

        var generator = (LlamaLanguageModel)loaded;
        var asking = new LlamaLanguageModel(generator.Model, generator.Tokenizer, generator.Tokens, generator.Template) { MaxNewTokens = 32 };
        double Predict(int batch)
        {
            var inputs = questions.Take(batch).Select(q => q.Input).ToList();
            asking.Generate(inputs); // warm-up
            var times = Enumerable.Range(0, 3).Select(_ => { var c = Stopwatch.StartNew(); asking.Generate(inputs); return c.Elapsed.TotalSeconds; }).ToList();
            return SequentialEditingRun.Percentile(times, 0.5);
        }
        var batch1 = Predict(1);
        log($"predict, batch 1, 32 new tokens: {batch1:F2} s");
        var batch16 = Predict(16);
        log($"predict, batch 16, 32 new tokens: {batch16:F2} s");

        var editable = new EditableGenerator(generator);
        var real = editable.MemoryQueries(questions.Skip(16).Take(32).ToList(), int.MaxValue, seed: 0);
        var edits = new List<(int, double, int, int, EditStatus)>();
        foreach (var size in memorySizes)
        {
            using var memory = Tile(real, size);
            var editor = new TransformerPatcher(editable, memory);
            var (input, target) = questions[0];
            var edit = Stopwatch.StartNew();
            var outcome = editor.Edit(new EditRequest(input, target));
            edits.Add((size, edit.Elapsed.TotalSeconds, outcome.Steps, outcome.Patches.Count, outcome.Status));
            log($"edit with {size:N0} memory queries: {edit.Elapsed.TotalSeconds:F1} s, {outcome.Steps} steps, {outcome.Patches.Count} patches, {outcome.Status}");
            editor.Patches.Clear();
        }

        var overhead = InferenceOverheadBenchmark.Run(editable, questions.Take(16).Select(q => q.Input).ToList(), overheadPatches, overheadRounds, batchSize: 16);
        log($"{overheadPatches} never-firing patches: {overhead.OverheadPercent:F2} % (median of paired rounds), {overhead.FastestOverheadPercent:F2} % (fastest rounds)");
        return new ModelCostReport(loaded.ParameterCount, loadSeconds, before, peak, checkpoint, batch1, batch16, 32, edits, overhead);
    }

    /// <summary>The real queries of a few dozen answers, repeated with 5 % noise to the memory size: what a memory of that
    /// size costs an edit does not depend on where its queries came from, and computing thousands of real ones through a
    /// 0.5 B model would take hours on two cores.</summary>
    private static Tensor Tile(Tensor real, int size)
    {
        using var scope = NewDisposeScope();
        var index = arange(size) % real.shape[0];
        var tiled = real.index_select(0, index);
        return (tiled + 0.05 * tiled.std() * randn_like(tiled)).MoveToOuterDisposeScope();
    }
}
