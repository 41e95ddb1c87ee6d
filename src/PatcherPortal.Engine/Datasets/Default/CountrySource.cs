using System.Text.Json;

namespace PatcherPortal.Engine.Datasets;

/// <summary>A country or territory as listed by the countries-list npm package, with codes resolved to names.</summary>
internal sealed record Country(
    string Code,
    string Name,
    string Capital,
    string Continent,
    IReadOnlyList<string> Currencies,
    IReadOnlyList<string> Languages,
    IReadOnlyList<int> PhoneCodes);

internal static class CountrySource
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>Reads countries.min.json, resolving language and continent codes through the package's other files.</summary>
    public static List<Country> Load(string countriesJsonPath, string languagesJsonPath, string continentsJsonPath)
    {
        var continents = Read<Dictionary<string, string>>(continentsJsonPath);
        var languages = Read<Dictionary<string, LanguageEntry>>(languagesJsonPath);
        var countries = Read<Dictionary<string, CountryEntry>>(countriesJsonPath);

        return countries
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => new Country(
                pair.Key,
                pair.Value.Name,
                pair.Value.Capital ?? "",
                Lookup(continents, pair.Value.Continent, pair.Key, "continent"),
                pair.Value.Currency ?? [],
                (pair.Value.Languages ?? []).Select(code => Lookup(languages, code, pair.Key, "language").Name).ToList(),
                pair.Value.Phone ?? []))
            .ToList();
    }

    private static T Read<T>(string path) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options)
        ?? throw new InvalidDataException($"countries-list: {path} holds null.");

    private static T Lookup<T>(Dictionary<string, T> table, string code, string country, string what) =>
        table.TryGetValue(code, out var value)
            ? value
            : throw new InvalidDataException($"countries-list: {country} names unknown {what} code '{code}'.");

    private sealed record CountryEntry(string Name, string? Capital, string Continent, string[]? Currency,
        string[]? Languages, int[]? Phone);

    private sealed record LanguageEntry(string Name);
}
