namespace PatcherPortal.Engine.Models;

/// <summary>A Hugging Face classifier's id2label / label2id, as config.json writes them.</summary>
public static class ClassifierLabels
{
    public static string[] Names(Dictionary<string, string>? id2Label) =>
        Enumerable.Range(0, id2Label?.Count ?? 0).Select(i => id2Label!.TryGetValue(i.ToString(), out var l) ? l : $"LABEL_{i}").ToArray();

    public static Dictionary<string, string> Id2Label(IReadOnlyList<string> labels) =>
        labels.Select((l, i) => (l, i)).ToDictionary(x => x.i.ToString(), x => x.l);

    public static Dictionary<string, int> Label2Id(IReadOnlyList<string> labels) =>
        labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i);
}
