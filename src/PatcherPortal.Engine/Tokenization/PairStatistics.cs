namespace PatcherPortal.Engine.Tokenization;

/// <summary>
/// Incremental pair counts for BPE training: a merge only touches the words that contain the pair,
/// and a lazy max-heap (stale entries re-queued on pop) picks the next best pair.
/// </summary>
internal sealed class PairStatistics
{
    private readonly List<int[]> _words;
    private readonly long[] _wordCounts;
    private readonly int[] _visitedAt;
    private readonly Dictionary<long, long> _pairCounts = new();
    private readonly Dictionary<long, List<int>> _wordsWithPair = new();
    private readonly HashSet<long> _mergedPairs = new();
    private readonly PriorityQueue<long, (long Count, long Pair)> _queue;
    private int _step;

    public PairStatistics(List<(int[] Symbols, long Count)> words, IReadOnlyList<string> tokens)
    {
        _words = words.Select(w => w.Symbols).ToList();
        _wordCounts = words.Select(w => w.Count).ToArray();
        _visitedAt = new int[_words.Count];
        _queue = new PriorityQueue<long, (long Count, long Pair)>(new BestPairFirst(tokens));
        for (var w = 0; w < _words.Count; w++)
        {
            var symbols = _words[w];
            for (var i = 0; i + 1 < symbols.Length; i++)
                Add(Key(symbols[i], symbols[i + 1]), _wordCounts[w], w);
        }
        foreach (var (pair, count) in _pairCounts)
            _queue.Enqueue(pair, (count, pair));
    }

    public bool TryTakeBestPair(out int left, out int right)
    {
        while (_queue.TryDequeue(out var pair, out var queued))
        {
            var count = _pairCounts.GetValueOrDefault(pair);
            if (count <= 0 || _mergedPairs.Contains(pair))
                continue;
            if (count != queued.Count)
            {
                _queue.Enqueue(pair, (count, pair));
                continue;
            }
            (left, right) = ((int)(pair >> 32), (int)pair);
            return true;
        }
        (left, right) = (-1, -1);
        return false;
    }

    public void Merge(int left, int right, int merged)
    {
        var pair = Key(left, right);
        _mergedPairs.Add(pair);
        _step++;
        var created = new HashSet<long>();
        foreach (var w in _wordsWithPair[pair])
        {
            if (_visitedAt[w] == _step)
                continue;
            _visitedAt[w] = _step;
            MergeInWord(w, left, right, merged, created);
        }
        _wordsWithPair.Remove(pair);
        _pairCounts.Remove(pair);
        foreach (var newPair in created)
            if (_pairCounts.GetValueOrDefault(newPair) > 0)
                _queue.Enqueue(newPair, (_pairCounts[newPair], newPair));
    }

    private void MergeInWord(int w, int left, int right, int merged, HashSet<long> created)
    {
        var old = _words[w];
        var count = _wordCounts[w];
        var result = new List<int>(old.Length);
        for (var i = 0; i < old.Length; i++)
        {
            if (i + 1 >= old.Length || old[i] != left || old[i + 1] != right)
            {
                result.Add(old[i]);
                continue;
            }
            Add(Key(left, right), -count, w);
            if (result.Count > 0)
            {
                var previous = result[^1];
                Add(Key(previous, left), -count, w);
                created.Add(Add(Key(previous, merged), count, w));
            }
            if (i + 2 < old.Length)
            {
                Add(Key(right, old[i + 2]), -count, w);
                created.Add(Add(Key(merged, old[i + 2]), count, w));
            }
            result.Add(merged);
            i++;
        }
        if (result.Count != old.Length)
            _words[w] = result.ToArray();
    }

    private long Add(long pair, long delta, int word)
    {
        _pairCounts[pair] = _pairCounts.GetValueOrDefault(pair) + delta;
        if (delta > 0)
        {
            if (!_wordsWithPair.TryGetValue(pair, out var list))
                _wordsWithPair[pair] = list = new List<int>();
            list.Add(word);
        }
        return pair;
    }

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    /// <summary>Higher count first; ties broken by the pair's strings, ordinal, so training is deterministic.</summary>
    private sealed class BestPairFirst(IReadOnlyList<string> tokens) : IComparer<(long Count, long Pair)>
    {
        public int Compare((long Count, long Pair) x, (long Count, long Pair) y)
        {
            if (x.Count != y.Count)
                return y.Count.CompareTo(x.Count);
            var byLeft = string.CompareOrdinal(tokens[(int)(x.Pair >> 32)], tokens[(int)(y.Pair >> 32)]);
            return byLeft != 0 ? byLeft : string.CompareOrdinal(tokens[(int)x.Pair], tokens[(int)y.Pair]);
        }
    }
}
