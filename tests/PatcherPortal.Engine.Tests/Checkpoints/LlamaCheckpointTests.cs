using System.Text.Json.Nodes;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Models.Llama;
using PatcherPortal.Engine.Tests.Models.Llama;
using PatcherPortal.Engine.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Checkpoints;

public sealed class LlamaCheckpointTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("llama-checkpoint-").FullName;
    private static readonly Gpt2Tokenizer Tokenizer = BpeTrainer.Train(["What is the capital of France? Paris", "What is the capital of Peru? Lima"], 300);

    public static IEnumerable<object[]> VariantsAndLayouts =>
        TinyLlamas.Variants.Keys.SelectMany(v => new[] { "float32", "sharded", "bf16-sharded" }.Select(l => new object[] { v, l }));

    private static WeightLayout Layout(string name) => name switch
    {
        "sharded" => new WeightLayout(MaxShardBytes: 20_000),
        "bf16-sharded" => new WeightLayout(ScalarType.BFloat16, 10_000),
        _ => WeightLayout.Default,
    };

    [Theory]
    [MemberData(nameof(VariantsAndLayouts))]
    public void A_saved_model_reloads_to_identical_logits(string variant, string layout)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var original = TinyLlamas.Random(variant, seed: 3);
        LlamaCheckpoint.Save(directory, original, Tokenizer, Layout(layout));
        if (layout == "bf16-sharded") // what bf16 can hold of each weight
            foreach (var p in original.parameters()) p.copy_(p.to(ScalarType.BFloat16).to(float32));
        var reloaded = LlamaCheckpoint.Load(directory, CPU);
        var ids = TinyModels.RandomIds(2, 9, 61);
        Assert.True(original.call(ids, ones_like(ids)).equal(reloaded.call(ids, ones_like(ids))).all().item<bool>());
        var shards = Directory.GetFiles(directory, "model-*-of-*.safetensors");
        Assert.Equal(layout != "float32", File.Exists(Path.Combine(directory, CheckpointTensors.ShardIndex)));
        Assert.Equal(layout == "float32" ? 0 : shards.Length, shards.Length);
        if (layout != "float32") Assert.True(shards.Length > 1);
        Assert.Equal(original.Config.TieWordEmbeddings, !SafetensorsNames().Contains("lm_head.weight"));
        if (layout == "bf16-sharded")
        {
            Assert.All(shards, s => Assert.All(SafetensorsFile.Open(s).Entries.Values, e => Assert.Equal("BF16", e.Dtype)));
            Assert.Equal("bfloat16", JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "config.json")))!["torch_dtype"]!.GetValue<string>());
        }
    }

    private string[] Shards() => Directory.GetFiles(directory, "model-*-of-*.safetensors").Order().ToArray();

    private IEnumerable<string> SafetensorsNames()
    {
        using var tensors = CheckpointTensors.Open(directory);
        return tensors.Names.ToList();
    }

    [Fact]
    public void A_missing_shard_is_refused_by_name()
    {
        LlamaCheckpoint.Save(directory, TinyLlamas.Random("llama"), Tokenizer, Layout("sharded"));
        var second = Shards()[1];
        File.Delete(second);
        var error = Assert.Throws<CheckpointException>(() => LlamaCheckpoint.Load(directory, CPU));
        Assert.Contains(Path.GetFileName(second), error.Message);
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public void A_misshapen_tensor_is_refused_naming_its_shard_and_the_tensor()
    {
        LlamaCheckpoint.Save(directory, TinyLlamas.Random("llama"), Tokenizer, Layout("sharded"));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, "config.json")))!;
        config["intermediate_size"] = 40;
        File.WriteAllText(Path.Combine(directory, "config.json"), config.ToJsonString());
        var error = Assert.Throws<CheckpointException>(() => LlamaCheckpoint.Load(directory, CPU));
        Assert.Matches(@"model-0000\d-of-0000\d\.safetensors: tensor 'model\.layers\.0\.mlp\.(gate|up|down)_proj\.weight' has shape \[", error.Message);
    }

    [Fact]
    public void Integer_weights_and_truncated_shards_are_refused_naming_the_shard_and_the_tensor()
    {
        LlamaCheckpoint.Save(directory, TinyLlamas.Random("llama"), Tokenizer, Layout("sharded"));
        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, CheckpointTensors.ShardIndex)))!;
        var shard = index["weight_map"]!["model.norm.weight"]!.GetValue<string>();
        var path = Path.Combine(directory, shard);
        var state = WeightFile.Read(path);
        state["model.norm.weight"] = state["model.norm.weight"].to(int32);
        WeightFile.Write(path, state);
        var error = Assert.Throws<CheckpointException>(() => LlamaCheckpoint.Load(directory, CPU));
        Assert.Contains(shard, error.Message);
        Assert.Contains("'model.norm.weight' has dtype I32", error.Message);

        var first = Shards()[0];
        File.WriteAllBytes(first, File.ReadAllBytes(first)[..^100]);
        error = Assert.Throws<CheckpointException>(() => LlamaCheckpoint.Load(directory, CPU));
        Assert.Contains($"{Path.GetFileName(first)} is corrupt or not a weight file: tensor '", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void A_language_model_keeps_its_end_tokens_and_prompt_template_and_answers_the_same_after_reloading()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var model = new LlamaForCausalLM(TinyLlamas.Variants["qwen2"] with { VocabSize = Tokenizer.VocabularySize });
        model.eval();
        var tokens = new GenerationTokens([Tokenizer.EndOfTextId, 7], Tokenizer.EndOfTextId, null);
        var original = new LlamaLanguageModel(model, Tokenizer, tokens, PromptTemplate.Parse("Question: {q}\nAnswer:", "test")) { MaxNewTokens = 6 };
        original.Save(directory, new WeightLayout(ScalarType.Float32, 30_000));
        var reloaded = (LlamaLanguageModel)PretrainedModels.Load(directory, CPU);
        Assert.Equal([Tokenizer.EndOfTextId, 7L], reloaded.Tokens.EndTokenIds);
        Assert.Equal("Question: {q}\nAnswer:", reloaded.Template.Text);
        Assert.Equal(Tokenizer.Encode("Question: What is the capital of Peru?\nAnswer:"), reloaded.EncodePromptUntruncated(" What is the capital of Peru? "));
        Assert.Equal(original.Generate(["What is the capital of Peru?", "Hi"]), new LlamaLanguageModel(reloaded.Model, reloaded.PromptTokenizer, reloaded.Tokens, reloaded.Template) { MaxNewTokens = 6 }.Generate(["What is the capital of Peru?", "Hi"]));
    }

    [Fact]
    public void A_prompt_template_without_a_place_for_the_question_is_refused()
    {
        File.WriteAllText(Path.Combine(directory, PromptTemplate.FileName), "Answer:");
        var error = Assert.Throws<CheckpointException>(() => PromptTemplate.Read(directory));
        Assert.Contains("{q}", error.Message);
    }

    public static IEnumerable<object[]> RealCheckpoints => new[] { "smollm2-135m", "qwen2.5-0.5b", "llama-3.2-1b" }.Select(n => new object[] { n });

    /// <summary>The key lists come from each published config.json (RealCheckpoints/make-keys.py, checked against the
    /// model cards' parameter counts); the model is built without memory behind its tensors.</summary>
    [Theory]
    [MemberData(nameof(RealCheckpoints))]
    public void Parameter_names_and_shapes_equal_those_of_the_published_checkpoint(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Models", "Llama", "RealCheckpoints");
        var config = ModelConfigFile.Deserialize<LlamaConfig>(folder, JsonNode.Parse(File.ReadAllText(Path.Combine(folder, $"{name}.config.json")))!);
        var published = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, $"{name}.keys.json")))!.AsObject()
            .ToDictionary(p => p.Key, p => string.Join(",", p.Value!.AsArray().Select(d => d!.GetValue<long>())));
        var previous = get_default_device();
        set_default_device(META);
        try
        {
            using var model = new LlamaForCausalLM(config);
            var ours = model.state_dict().Where(kv => !(config.TieWordEmbeddings && kv.Key == "lm_head.weight"))
                .ToDictionary(kv => kv.Key, kv => string.Join(",", kv.Value.shape));
            Assert.Equal(published.OrderBy(p => p.Key), ours.OrderBy(p => p.Key));
        }
        finally
        {
            set_default_device(previous);
        }
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
