using System.Diagnostics;
using System.Text.Json.Nodes;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Models.Llama;
using PatcherPortal.Engine.Tokenization;
using PatcherPortal.Engine.Training;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Benchmarks;

/// <summary>Wall and CPU seconds of one measurement: on a shared machine the CPU time is the figure that transfers.</summary>
public readonly record struct Cost(double WallSeconds, double CpuSeconds)
{
    public static Cost Of(Action action)
    {
        using var process = Process.GetCurrentProcess();
        var (cpu, wall) = (process.TotalProcessorTime, Stopwatch.StartNew());
        action();
        process.Refresh();
        return new Cost(wall.Elapsed.TotalSeconds, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    public override string ToString() => $"{CpuSeconds:F1} s CPU ({WallSeconds:F1} s wall)";
}

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

    /// <summary>Measures in order of cost, logging each figure as it comes: load, one answer, the overhead of never-firing
    /// patches, one edit per memory size, then a batch of 16 answers.</summary>
    public static readonly string[] Parts = ["predict", "overhead", "edits", "batch16"];

    /// <param name="parts">Which of <see cref="Parts"/> to measure after loading (separate processes can measure them side by side).</param>
    public static void Run(string directory, IReadOnlyList<LabelledInput> questions, int[] memorySizes,
        int overheadPatches, int overheadRounds, Action<string> log, IReadOnlyCollection<string>? parts = null)
    {
        bool Measures(string part) => parts is null || parts.Contains(part);
        ProcessMemory.ResetPeak();
        var before = ProcessMemory.ResidentMiB();
        IPretrainedModel? loaded = null;
        var load = Cost.Of(() => loaded = PretrainedModels.Load(directory, CPU));
        using var _ = loaded;
        var checkpoint = Directory.EnumerateFiles(directory, "*.safetensors").Sum(f => new FileInfo(f).Length) / 1048576.0;
        log($"load: {loaded!.ParameterCount:N0} parameters from {checkpoint:N0} MiB of bf16 shards in {load}; resident {before:N0} MiB before, peak {ProcessMemory.PeakResidentMiB():N0} MiB");

        var generator = (LlamaLanguageModel)loaded;
        var asking = new LlamaLanguageModel(generator.Model, generator.Tokenizer, generator.Tokens, generator.Template) { MaxNewTokens = 32 };
        if (Measures("predict")) log($"predict, batch 1, 32 new tokens: {Cost.Of(() => asking.Generate([questions[0].Input]))}");

        var editable = new EditableGenerator(generator);
        var inputs = questions.Take(4).Select(q => q.Input).ToList();
        if (Measures("overhead")) Overhead(editable, inputs, overheadPatches, overheadRounds, generator.MaxNewTokens, log);
        if (Measures("edits")) Edits(editable, questions, memorySizes, log);
        if (Measures("batch16")) log($"predict, batch 16, 32 new tokens: {Cost.Of(() => asking.Generate(questions.Take(16).Select(q => q.Input).ToList()))}");
    }

    private static void Overhead(EditableGenerator editable, List<string> inputs, int overheadPatches, int overheadRounds, int newTokens, Action<string> log)
    {
        var overhead = InferenceOverheadBenchmark.Run(editable, inputs, overheadPatches, overheadRounds, batchSize: 1);
        log($"{overheadPatches:N0} never-firing patches, {inputs.Count} questions one at a time, {newTokens} new tokens, {overhead.Rounds} paired rounds: " +
            $"base {overhead.BaseSecondsMedian:F2} s, patched {overhead.PatchedSecondsMedian:F2} s (medians), overhead {overhead.OverheadPercent:F2} % " +
            $"(median of the rounds' ratios), {overhead.FastestOverheadPercent:F2} % (fastest rounds)");
    }

    private static void Edits(EditableGenerator editable, IReadOnlyList<LabelledInput> questions, int[] memorySizes, Action<string> log)
    {
        Tensor? real = null;
        var queries = Cost.Of(() => real = editable.MemoryQueries(questions.Skip(16).Take(8).ToList(), int.MaxValue, seed: 0));
        using (real)
        {
            log($"{real!.shape[0]} real memory queries from 8 questions: {queries}");
            foreach (var size in memorySizes)
            {
                using var memory = Tile(real, size);
                var editor = new TransformerPatcher(editable, memory);
                var (input, target) = questions[0];
                EditOutcome? outcome = null;
                var edit = Cost.Of(() => outcome = editor.Edit(new EditRequest(input, target)));
                log($"edit with {size:N0} memory queries: {edit}, {outcome!.Steps} steps, {outcome.Patches.Count} patches, {outcome.Status}");
                editor.Patches.Clear();
            }
        }
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
