using System.IO.Compression;
using System.Text.Json;
using PatcherPortal.Engine.Tokenization.HuggingFace;

namespace PatcherPortal.Engine.Tests.Tokenization.HuggingFace;

/// <summary>
/// A real tokenizer.json with the ids transformers.js gives for the same strings (Tokenization/Reference,
/// written by make-reference.mjs): the tokenizer files are copied (gunzipped) into a model directory and loaded from it.
/// </summary>
public sealed record ReferenceCase(string Text, int[] Ids, int[] WithSpecial, string Decoded, string DecodedWithSpecial);

public sealed class ReferenceTokenizer : IDisposable
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };
    private readonly TempDirectory directory = new();

    private ReferenceTokenizer(string name)
    {
        var source = Folder(name);
        var compressed = Path.Combine(source, "tokenizer.json.gz");
        if (File.Exists(compressed))
        {
            using var gz = new GZipStream(File.OpenRead(compressed), CompressionMode.Decompress);
            using var target = File.Create(directory.File(HuggingFaceTokenizer.FileName));
            gz.CopyTo(target);
        }
        else File.Copy(Path.Combine(source, HuggingFaceTokenizer.FileName), directory.File(HuggingFaceTokenizer.FileName));
        File.Copy(Path.Combine(source, "tokenizer_config.json"), directory.File("tokenizer_config.json"));
        Tokenizer = HuggingFaceTokenizer.Load(directory.Path);
        using var reference = File.OpenRead(Path.Combine(source, "reference.json"));
        Cases = JsonDocument.Parse(reference).RootElement.GetProperty("cases").Deserialize<ReferenceCase[]>(Options)!;
    }

    public HuggingFaceTokenizer Tokenizer { get; }
    public IReadOnlyList<ReferenceCase> Cases { get; }
    public string Directory => directory.Path;

    public static bool IsAvailable(string name) =>
        File.Exists(Path.Combine(Folder(name), "tokenizer.json.gz")) || File.Exists(Path.Combine(Folder(name), HuggingFaceTokenizer.FileName));

    private static readonly Dictionary<string, Lazy<ReferenceTokenizer>> Loaded = new()
    {
        ["mistral"] = new(() => new ReferenceTokenizer("mistral")),
        ["mistral-metaspace"] = new(() => new ReferenceTokenizer("mistral-metaspace")),
        ["llama3"] = new(() => new ReferenceTokenizer("llama3")),
        ["qwen3"] = new(() => new ReferenceTokenizer("qwen3")),
    };

    /// <summary>Loaded once per test run: the files are megabytes and read-only.</summary>
    public static ReferenceTokenizer Get(string name) => Loaded[name].Value;

    private static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "Tokenization", "Reference", name);

    public void Dispose() => directory.Dispose();
}
