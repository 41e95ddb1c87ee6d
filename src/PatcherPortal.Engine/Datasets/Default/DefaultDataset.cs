namespace PatcherPortal.Engine.Datasets;

/// <summary>
/// The dataset the product ships: country facts built by <see cref="CountryFactsBuilder"/> and embedded in this
/// assembly, projected to question answering or fact checking. Locality probes are left empty: the benchmark draws
/// each edit's neighbours from the facts' subjects and relations (see <see cref="Benchmarks.NeighbourSets"/>).
/// </summary>
public static class DefaultDataset
{
    public const string ResourceName = "PatcherPortal.Engine.Datasets.Default.country-facts.json";

    private static readonly Lazy<FactsDocument> Document = new(Load);

    public static FactsDocument LoadDocument() => Document.Value;

    public static IReadOnlyList<FactRecord> LoadFacts() => Document.Value.Facts;

    /// <summary>One example per fact: the question, its answer and its paraphrases.</summary>
    public static EditDataset QuestionAnswering(IReadOnlyList<FactRecord>? facts = null) =>
        new("countries-qa", EditDataset.QuestionAnswering, (facts ?? LoadFacts())
            .Select(fact => new EditExample(fact.Id, fact.Question, fact.Answer, fact.Rephrases, [], Subject: fact.Subject, Relation: fact.Relation))
            .ToList());

    /// <summary>One example per claim: the claim, its label ("SUPPORTS"/"REFUTES") and its paraphrases.</summary>
    public static EditDataset FactChecking(IReadOnlyList<FactRecord>? facts = null) =>
        new("countries-fc", EditDataset.FactChecking, (facts ?? LoadFacts())
            .SelectMany(fact => fact.Claims.Select((claim, i) =>
                new EditExample($"{fact.Id}{ClaimSuffix}{i}", claim.Text, claim.Label, claim.Rephrases, [], Subject: fact.Subject, Relation: fact.Relation)))
            .ToList());

    /// <summary>The fact an example of either projection states (a claim's id is its fact's id and the claim's number).</summary>
    public static string FactOf(EditExample example) =>
        example.Id.LastIndexOf(ClaimSuffix, StringComparison.Ordinal) is var end and >= 0 ? example.Id[..end] : example.Id;

    private const string ClaimSuffix = "/claim-";

    private static FactsDocument Load()
    {
        using var stream = typeof(DefaultDataset).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException(
                $"The embedded resource {ResourceName} is missing from {typeof(DefaultDataset).Assembly.GetName().Name}; " +
                "embed Datasets/Default/country-facts.json with that LogicalName.");
        return FactsDocument.FromJson(stream);
    }
}
