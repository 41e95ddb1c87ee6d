using PatcherPortal.Engine.Datasets;

namespace PatcherPortal.Engine.Tests.Datasets;

public class CountryFactsBuilderTests
{
    private static readonly string SourceDirectory = DatasetTestFiles.DefaultSourceDirectory;

    private static IReadOnlyList<FactRecord> Build(int seed) => CountryFactsBuilder.Build(
        Path.Combine(SourceDirectory, "countries.min.json"),
        Path.Combine(SourceDirectory, "languages.min.json"),
        Path.Combine(SourceDirectory, "continents.min.json"),
        seed);

    [Fact]
    public void Embedded_default_dataset_is_what_the_builder_makes_from_the_package_files()
    {
        var rebuilt = CountryFactsBuilder.BuildDocument(SourceDirectory);

        using var resource = typeof(DefaultDataset).Assembly.GetManifestResourceStream(DefaultDataset.ResourceName)!;
        using var reader = new StreamReader(resource);
        Assert.Equal(reader.ReadToEnd(), rebuilt.ToJson());
    }

    [Fact]
    public void Builder_is_deterministic_for_a_seed()
    {
        var claims = (IReadOnlyList<FactRecord> facts) => facts.SelectMany(f => f.Claims).Select(c => c.Text).ToList();

        Assert.Equal(claims(Build(5)), claims(Build(5)));
        Assert.NotEqual(claims(Build(5)), claims(Build(6)));
    }

    [Fact]
    public void Builder_skips_missing_and_ambiguous_values()
    {
        var ids = Build(CountryFactsBuilder.DefaultSeed).Select(f => f.Id).ToHashSet();

        Assert.DoesNotContain("AQ/capital", ids);
        Assert.DoesNotContain("AQ/currency", ids);
        Assert.DoesNotContain("DO/calling-code", ids);
        Assert.Contains("AQ/continent", ids);
        Assert.Contains("DO/capital", ids);
    }

    [Fact]
    public void False_claims_never_state_a_value_that_is_also_true()
    {
        // Over several seeds, so that a value that should be excluded would be drawn at least once.
        foreach (var seed in Enumerable.Range(0, 30))
        {
            var facts = Build(seed).ToDictionary(f => f.Id);
            string[] FalseClaims(string id) => facts[id].Claims.Skip(1).Select(c => c.Text).ToArray();

            Assert.All(FalseClaims("RU/continent"), text => Assert.DoesNotContain("Europe", text));
            Assert.All(FalseClaims("EG/continent"), text => Assert.DoesNotContain("Asia", text));
            Assert.All(FalseClaims("JM/calling-code"), text => Assert.False(text.EndsWith(" +1."), text));
            Assert.All(FalseClaims("CH/language"), text => Assert.DoesNotContain("French", text));
            Assert.All(FalseClaims("PA/currency"), text => Assert.DoesNotContain("USD", text));
            Assert.All(FalseClaims("FR/capital"), text => Assert.DoesNotContain("Paris", text));
        }
    }
}
