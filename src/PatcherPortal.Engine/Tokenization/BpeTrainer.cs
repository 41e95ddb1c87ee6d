namespace PatcherPortal.Engine.Tokenization;

/// <summary>Trains a GPT-2 style byte-level BPE vocabulary: 256 byte symbols, then merges, then &lt;|endoftext|&gt;.</summary>
public static class BpeTrainer
{
    public static Gpt2Tokenizer Train(IEnumerable<string> corpus, int vocabularySize, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        var minimum = ByteLevelAlphabet.Symbols.Count + 1;
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabularySize, minimum);

        var tokens = new List<string>(ByteLevelAlphabet.Symbols);
        var ids = tokens.Select((token, id) => (token, id)).ToDictionary(x => x.token, x => x.id);
        var state = new PairStatistics(CountWords(corpus, ids), tokens);
        var merges = new List<(string Left, string Right)>();
        var wanted = vocabularySize - minimum;

        while (tokens.Count < vocabularySize - 1 && state.TryTakeBestPair(out var left, out var right))
        {
            var merged = tokens[left] + tokens[right];
            // A merge can rebuild a string already in the vocabulary (e.g. "a"+"bc" after "ab"+"c"); reuse its id.
            if (!ids.TryGetValue(merged, out var mergedId))
            {
                mergedId = tokens.Count;
                ids[merged] = mergedId;
                tokens.Add(merged);
            }
            merges.Add((tokens[left], tokens[right]));
            state.Merge(left, right, mergedId);
            if (progress is not null && merges.Count % 50 == 0)
                progress.Report((double)(tokens.Count - minimum + 1) / wanted);
        }

        var vocabulary = new Dictionary<string, int>(ids) { [Gpt2Tokenizer.EndOfText] = tokens.Count };
        progress?.Report(1.0);
        return new Gpt2Tokenizer(vocabulary, merges);
    }

    private static List<(int[] Symbols, long Count)> CountWords(IEnumerable<string> corpus, Dictionary<string, int> byteIds)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var regex = Gpt2PreTokenizer.Regex();
        foreach (var text in corpus)
        {
            if (string.IsNullOrEmpty(text))
                continue;
            foreach (var match in regex.EnumerateMatches(text))
            {
                var word = ByteLevelAlphabet.Encode(text.Substring(match.Index, match.Length));
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }
        }
        return counts
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => (pair.Key.Select(c => byteIds[c.ToString()]).ToArray(), pair.Value))
            .ToList();
    }
}
