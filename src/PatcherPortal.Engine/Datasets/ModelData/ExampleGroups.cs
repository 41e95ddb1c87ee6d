namespace PatcherPortal.Engine.Datasets;

/// <summary>Examples linked by a shared key or a shared input (paraphrases included), as index groups in order of first appearance.</summary>
internal static class ExampleGroups
{
    public static IReadOnlyList<IReadOnlyList<int>> Of(IReadOnlyList<EditExample> examples, Func<EditExample, string> keyOf)
    {
        var parent = Enumerable.Range(0, examples.Count).ToArray();
        int Root(int i)
        {
            while (parent[i] != i) i = parent[i] = parent[parent[i]];
            return i;
        }
        var firstWith = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < examples.Count; i++)
        {
            var texts = examples[i].AllInputs().Select(InputText.Normalize).Where(t => t.Length > 0).Select(t => "input:" + t);
            foreach (var link in texts.Prepend("key:" + keyOf(examples[i])))
                if (firstWith.TryGetValue(link, out var other)) parent[Root(i)] = Root(other);
                else firstWith[link] = i;
        }
        return Enumerable.Range(0, examples.Count).GroupBy(Root).Select(g => (IReadOnlyList<int>)g.ToList()).ToList();
    }
}
