using System.Text.Json;

namespace PatcherPortal.Engine.Datasets;

/// <summary>
/// Builds the default dataset from the countries-list npm package: per country and relation (capital, continent,
/// currency, language, calling code) a question with paraphrases, one true claim and two false ones. A false claim
/// uses another country's value of the same relation, preferably from the same continent, drawn with a seeded
/// <see cref="Random"/> so that a build is reproducible.
/// </summary>
public static class CountryFactsBuilder
{
    public const int DefaultSeed = 20240601;
    public static IReadOnlyList<string> SourceFiles { get; } = ["countries.min.json", "languages.min.json", "continents.min.json"];

    public static IReadOnlyList<FactRecord> Build(string countriesJsonPath, string languagesJsonPath,
        string continentsJsonPath, int seed = DefaultSeed)
    {
        var countries = CountrySource.Load(countriesJsonPath, languagesJsonPath, continentsJsonPath);
        var pools = CountryRelations.All.ToDictionary(relation => relation, relation => countries
            .Select(country => (Country: country, Value: relation.Value(country)))
            .Where(entry => entry.Value is not null)
            .Select(entry => (entry.Country, Value: entry.Value!))
            .ToList());

        var random = new Random(seed);
        var facts = new List<FactRecord>();
        foreach (var country in countries)
        foreach (var relation in CountryRelations.All)
        {
            if (relation.Value(country) is not { } value) continue;
            var wrong = PickWrongValues(country, value, pools[relation], random);
            facts.Add(CreateFact(country, relation, value, wrong));
        }
        return facts;
    }

    /// <summary>
    /// Builds from the package files in <paramref name="sourceDirectory"/> (the three <see cref="SourceFiles"/>,
    /// package.json and LICENSE) and writes the facts file to <paramref name="outputPath"/>.
    /// </summary>
    public static FactsDocument BuildFile(string sourceDirectory, string outputPath, int seed = DefaultSeed)
    {
        var document = BuildDocument(sourceDirectory, seed);
        Checkpoints.AtomicFile.WriteAllText(outputPath, document.ToJson());
        return document;
    }

    public static FactsDocument BuildDocument(string sourceDirectory, int seed = DefaultSeed)
    {
        var paths = SourceFiles.Select(file => Path.Combine(sourceDirectory, file)).ToArray();
        var facts = Build(paths[0], paths[1], paths[2], seed);

        using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(sourceDirectory, "package.json")));
        string Field(string name) => package.RootElement.GetProperty(name).GetString() ?? "";
        var copyright = File.ReadLines(Path.Combine(sourceDirectory, "LICENSE"))
            .FirstOrDefault(line => line.StartsWith("Copyright", StringComparison.Ordinal)) ?? "";

        return new FactsDocument(
            $"npm package {Field("name")} {Field("version")} ({Field("homepage")}): {string.Join(", ", SourceFiles)}",
            $"{Field("license")}. {copyright}. The package's LICENSE is in Datasets/Default/source/.",
            $"{typeof(CountryFactsBuilder).FullName}, seed {seed}",
            facts);
    }

    private static string[] PickWrongValues(Country country, RelationValue value,
        List<(Country Country, RelationValue Value)> pool, Random random)
    {
        List<string> Candidates(bool sameContinent) => pool
            .Where(entry => !sameContinent || entry.Country.Continent == country.Continent)
            .Select(entry => entry.Value.Answer)
            .Where(answer => !value.TrueValues.Contains(answer))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        var candidates = Candidates(sameContinent: true);
        if (candidates.Count < 2) candidates = Candidates(sameContinent: false);
        if (candidates.Count < 2)
            throw new InvalidDataException($"countries-list: too few values to contradict {country.Code}'s {value.Answer}.");

        var first = random.Next(candidates.Count);
        var second = random.Next(candidates.Count - 1);
        if (second >= first) second++;
        return [candidates[first], candidates[second]];
    }

    private static FactRecord CreateFact(Country country, CountryRelation relation, RelationValue value, string[] wrong)
    {
        string Fill(string template, string answer) => Phrasing.Fill(template, country.Name, answer, value.Article);
        ClaimRecord Claim(string answer, string label) =>
            new(Fill(relation.Claim, answer), label, relation.ClaimRephrases.Select(t => Fill(t, answer)).ToList());

        return new FactRecord(
            $"{country.Code}/{relation.Name}",
            country.Name,
            relation.Name,
            Fill(relation.Question, value.Answer),
            value.Answer,
            relation.Rephrases.Select(t => Fill(t, value.Answer)).ToList(),
            [Claim(value.Answer, FeverKiltReader.Supports), Claim(wrong[0], FeverKiltReader.Refutes), Claim(wrong[1], FeverKiltReader.Refutes)]);
    }
}
