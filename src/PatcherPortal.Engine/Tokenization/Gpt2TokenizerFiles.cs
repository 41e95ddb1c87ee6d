using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PatcherPortal.Engine.Tokenization;

/// <summary>Reads and writes the Hugging Face GPT-2 layout: vocab.json, merges.txt, tokenizer_config.json.</summary>
internal static class Gpt2TokenizerFiles
{
    public const string VocabFile = "vocab.json";
    public const string MergesFile = "merges.txt";
    private const string MergesHeader = "#version: 0.2";

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        // Keeps the byte-level symbols (Ġ, Ċ, ...) readable instead of \uXXXX escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Dictionary<string, int> ReadVocabulary(string directory, bool requireEndOfText = true)
    {
        var path = RequireFile(directory, VocabFile);
        Dictionary<string, int>? vocabulary;
        try
        {
            using var stream = File.OpenRead(path);
            vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(stream);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{VocabFile} is not a JSON object of token to id ({path}): {e.Message}", e);
        }
        if (vocabulary is null || vocabulary.Count == 0)
            throw new InvalidDataException($"{VocabFile} is empty ({path}).");
        if (vocabulary.Values.Any(id => id < 0) || vocabulary.Values.Distinct().Count() != vocabulary.Count)
            throw new InvalidDataException($"{VocabFile} has negative or duplicate ids ({path}).");
        var missing = ByteLevelAlphabet.Symbols.FirstOrDefault(s => !vocabulary.ContainsKey(s));
        if (missing is not null)
            throw new InvalidDataException($"{VocabFile} lacks the byte-level symbol '{missing}' ({path}).");
        if (requireEndOfText && !vocabulary.ContainsKey(Gpt2Tokenizer.EndOfText))
            throw new InvalidDataException($"{VocabFile} lacks {Gpt2Tokenizer.EndOfText} ({path}).");
        return vocabulary;
    }

    public static List<(string Left, string Right)> ReadMerges(string directory, IReadOnlyDictionary<string, int> vocabulary)
    {
        var path = RequireFile(directory, MergesFile);
        var merges = new List<(string, string)>();
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path, Encoding.UTF8))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith("#version", StringComparison.Ordinal)))
                continue;
            var parts = line.Split(' ');
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                throw new InvalidDataException($"{MergesFile} line {lineNumber} is not two space-separated tokens ({path}).");
            if (!vocabulary.ContainsKey(parts[0]) || !vocabulary.ContainsKey(parts[1]) || !vocabulary.ContainsKey(parts[0] + parts[1]))
                throw new InvalidDataException($"{MergesFile} line {lineNumber} uses a token missing from {VocabFile} ({path}).");
            merges.Add((parts[0], parts[1]));
        }
        return merges;
    }

    public static void Write(string directory, IReadOnlyDictionary<string, int> vocabulary, IReadOnlyList<(string Left, string Right)> merges)
    {
        var ordered = vocabulary.OrderBy(pair => pair.Value).ToDictionary(pair => pair.Key, pair => pair.Value);
        Checkpoints.AtomicFile.WriteAllText(Path.Combine(directory, VocabFile), JsonSerializer.Serialize(ordered, WriteOptions));

        var text = new StringBuilder(MergesHeader).Append('\n');
        foreach (var (left, right) in merges)
            text.Append(left).Append(' ').Append(right).Append('\n');
        Checkpoints.AtomicFile.WriteAllText(Path.Combine(directory, MergesFile), text.ToString());

        var config = new Dictionary<string, string>
        {
            ["tokenizer_class"] = "GPT2Tokenizer",
            ["eos_token"] = Gpt2Tokenizer.EndOfText,
            ["bos_token"] = Gpt2Tokenizer.EndOfText,
        };
        Checkpoints.AtomicFile.WriteAllText(Path.Combine(directory, TokenizerConfig.FileName), JsonSerializer.Serialize(config, WriteOptions));
    }

    private static string RequireFile(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Tokenizer file {name} not found in '{directory}'.", path);
        return path;
    }
}
