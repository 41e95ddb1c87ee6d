using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using PatcherPortal.Engine.Import;
using PatcherPortal.Engine.Inference;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Models;

public sealed class MiniLmParityTests
{
    private static readonly string[] Sentences =
    [
        "the cat sat", "a cat was sitting", "stock prices fell", "What is the capital of France?",
        "Paris is the capital of France.", "The Eiffel Tower was completed in 1889.", "I love programming in C#!",
        "Transformers use self-attention.", "It rained heavily all night; the river flooded the town.",
        "Quantum entanglement is not faster-than-light communication.", "Héllo wörld, ça va?", "1234 5678 90",
        "Short.", "Why?", "The quick brown fox jumps over the lazy dog.", "Model editing fixes mistakes without retraining.",
        "Barack Obama was born in Hawaii.", "Water boils at 100 degrees Celsius at sea level.",
        "Tokyo is the most populous metropolitan area in the world.", "emoji 🙂 and symbols #$%&",
        "A much longer sentence that keeps going, with many clauses, commas and subordinate parts, to make sure longer inputs with more tokens behave the same way as short ones do.",
    ];

    private static readonly Lazy<SentenceEncoder> Encoder = new(() => MiniLmImporter.Import(CPU));

    [Fact]
    public void Imported_minilm_matches_onnx_runtime_on_every_sentence()
    {
        using var session = new InferenceSession(MiniLmImporter.ReadResource(MiniLmImporter.OnnxResource));
        foreach (var sentence in Sentences)
        {
            var (ids, mask) = Encoder.Value.Encode([sentence]);
            var expected = RunOnnx(session, ids.data<long>().ToArray(), mask.data<long>().ToArray());
            using var actual = Encoder.Value.LastHiddenState([sentence]);
            var difference = actual.flatten().data<float>().ToArray().Zip(expected, (a, e) => Math.Abs(a - e)).Max();
            Assert.True(difference < 1e-4, $"'{sentence}': max |TorchSharp - ONNX Runtime| = {difference}");
        }
    }

    [Fact]
    public void Padding_in_a_batch_does_not_change_a_sentences_hidden_states()
    {
        using var alone = Encoder.Value.LastHiddenState(["the cat sat"]);
        using var batched = Encoder.Value.LastHiddenState(["the cat sat", Sentences[^1]]);
        var length = alone.shape[1];
        Assert.True(alone[0].allclose(batched[0, ..(int)length], rtol: 0, atol: 1e-4));
    }

    [Fact]
    public void Similar_sentences_embed_closer_than_unrelated_ones()
    {
        var e = Encoder.Value.Embed(["the cat sat", "a cat was sitting", "stock prices fell"]);
        Assert.True(SentenceEncoder.Cosine(e[0], e[1]) > SentenceEncoder.Cosine(e[0], e[2]) + 0.3);
    }

    private static float[] RunOnnx(InferenceSession session, long[] ids, long[] mask)
    {
        int[] shape = [1, ids.Length];
        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(ids, shape)),
            NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(mask, shape)),
        };
        if (session.InputMetadata.ContainsKey("token_type_ids"))
            inputs.Add(NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(new long[ids.Length], shape)));
        using var results = session.Run(inputs);
        return results.First().AsEnumerable<float>().ToArray();
    }
}
