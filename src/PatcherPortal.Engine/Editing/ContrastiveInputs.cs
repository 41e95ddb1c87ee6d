namespace PatcherPortal.Engine.Editing;

/// <summary>
/// Hard negatives for a patch: inputs one content word away from the edit's, made from training inputs of the same
/// shape. Against the edit "The calling code of Guinea is +224." the training claim "The calling code of Chad is +235."
/// gives "The calling code of Chad is +224." and "The calling code of Guinea is +235.": the memory alone rarely holds
/// an input sharing the edit's value or subject in the edit's wording, so without them a key may learn "+224" rather
/// than "Guinea's code is +224" and fire on "The calling code of Kenya is +224.". Only rare words are swapped, so a
/// swap changes what is said (a subject, a value) rather than how (a template word of a paraphrase).
/// </summary>
public sealed class ContrastiveInputs
{
    private readonly Dictionary<int, List<string[]>> byLength = [];
    private readonly Dictionary<string, int> documentFrequency = new(StringComparer.OrdinalIgnoreCase);
    private readonly double contentFrequency;
    private int count;

    /// <param name="contentFrequency">A word is content (swappable) when at most this share of the inputs hold it, or
    /// at most <see cref="RareCount"/> of them (a small pool names each subject several times).</param>
    public ContrastiveInputs(IEnumerable<string> inputs, double contentFrequency = 0.02)
    {
        this.contentFrequency = contentFrequency;
        foreach (var input in inputs) Add(input);
    }

    public const int RareCount = 5;

    public int Count => count;

    /// <summary>Past edits join the pool, so a later edit is kept apart from them too.</summary>
    public void Add(string input)
    {
        var words = Words(input);
        if (words.Length == 0) return;
        if (!byLength.TryGetValue(words.Length, out var list)) byLength[words.Length] = list = [];
        list.Add(words);
        foreach (var word in words.Distinct(StringComparer.OrdinalIgnoreCase))
            documentFrequency[word] = documentFrequency.GetValueOrDefault(word) + 1;
        count++;
    }

    /// <summary>Up to <paramref name="max"/> inputs differing from <paramref name="input"/> in exactly one content word,
    /// none of them in <paramref name="exclude"/>, drawn reproducibly.</summary>
    public IReadOnlyList<string> For(string input, IReadOnlyCollection<string> exclude, int max, int seed = 0)
    {
        var words = Words(input);
        if (max <= 0 || !byLength.TryGetValue(words.Length, out var candidates)) return [];
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var other in candidates)
        {
            var differing = Differing(words, other, 3);
            if (differing.Count is 0 or > 2) continue;
            foreach (var i in differing.Where(i => IsContent(words[i]) && IsContent(other[i])))
                found.Add(string.Join(' ', words.Select((w, j) => j == i ? other[i] : w)));
        }
        return Draw(found, exclude, max, seed);
    }

    /// <summary>The input asking what a known input of its length asks: the known input's template words ("official
    /// language") where the two differ only in those and in content words, which stay the input's ("What is the currency
    /// code of Japan?" and "What is the official language of Kenya?" give "What is the official language of Japan?").
    /// Such a swap can also be a paraphrase ("Which" for "What"), so the caller must tell them apart
    /// (see <see cref="Neighbours.TemplateNeighbours"/>).</summary>
    public IReadOnlyList<string> TemplateSwaps(string input, IReadOnlyCollection<string> exclude, int max, int seed = 0)
    {
        var words = Words(input);
        if (max <= 0 || !byLength.TryGetValue(words.Length, out var candidates)) return [];
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var other in candidates)
        {
            var differing = Differing(words, other, 4);
            var template = differing.Where(i => !IsContent(words[i]) && !IsContent(other[i])).ToHashSet();
            if (differing.Count > 3 || template.Count == 0) continue;
            found.Add(string.Join(' ', words.Select((w, j) => template.Contains(j) ? other[j] : w)));
        }
        return Draw(found, exclude, max, seed);
    }

    /// <summary>The input with one content word's letters swapped for those of another content word of any known input,
    /// whatever its wording ("What is the capital of Zambia?" with "Zimbabwe" from "On which continent is Zimbabwe
    /// located?" gives "What is the capital of Zimbabwe?"): the same question about another subject, which no known input
    /// of the edit's wording may ask. Punctuation around a word stays.</summary>
    public IReadOnlyList<string> ContentSwaps(string input, IReadOnlyCollection<string> exclude, int max, int seed = 0)
    {
        var words = Words(input);
        if (max <= 0) return [];
        var contents = documentFrequency.Keys.Where(IsContent).Select(Core).Where(c => c.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var found = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < words.Length; i++)
        {
            var core = Core(words[i]);
            if (core.Length == 0 || !IsContent(words[i])) continue;
            var at = words[i].IndexOf(core, StringComparison.Ordinal);
            foreach (var other in contents.Where(c => !string.Equals(c, core, StringComparison.OrdinalIgnoreCase)))
                found.Add(string.Join(' ', words.Select((w, j) => j == i ? w[..at] + other + w[(at + core.Length)..] : w)));
        }
        return Draw(found, exclude, max, seed);
    }

    private static string Core(string word) => word.Trim(Punctuation);

    private static readonly char[] Punctuation = ['?', '.', ',', '!', ';', ':', '"', '\'', '(', ')'];

    private static List<int> Differing(string[] words, string[] other, int atMost) => Enumerable.Range(0, words.Length)
        .Where(i => !string.Equals(words[i], other[i], StringComparison.OrdinalIgnoreCase)).Take(atMost).ToList();

    private static List<string> Draw(HashSet<string> found, IReadOnlyCollection<string> exclude, int max, int seed)
    {
        found.ExceptWith(exclude);
        var random = new Random(seed);
        return found.Order(StringComparer.Ordinal).OrderBy(_ => random.Next()).Take(max).ToList();
    }

    private bool IsContent(string word) => documentFrequency.GetValueOrDefault(word) <= Math.Max(contentFrequency * count, RareCount);

    private static string[] Words(string input) => input.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
