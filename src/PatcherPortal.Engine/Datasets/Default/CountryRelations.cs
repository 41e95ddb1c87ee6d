using System.Globalization;

namespace PatcherPortal.Engine.Datasets;

/// <summary>A relation's answer for one country, every value that is also true of it, and the article that "{the}" stands for.</summary>
internal sealed record RelationValue(string Answer, IReadOnlySet<string> TrueValues, string Article = "the");

/// <summary>How one relation reads a country's value and phrases questions and claims about it (see <see cref="Phrasing"/>).</summary>
internal sealed record CountryRelation(
    string Name,
    Func<Country, RelationValue?> Value,
    string Question,
    IReadOnlyList<string> Rephrases,
    string Claim,
    IReadOnlyList<string> ClaimRephrases);

internal static class CountryRelations
{
    public static IReadOnlyList<CountryRelation> All { get; } =
    [
        new("capital", c => c.Capital.Length == 0 ? null : Single(c.Capital),
            "What is the capital of {s}?",
            ["Which city is the capital of {s}?", "{S's} capital city is which city?", "Name the capital of {s}.",
             "What city serves as the capital of {s}?", "The capital city of {s} is what?"],
            "The capital of {s} is {v}.",
            ["{v} is the capital of {s}.", "{S's} capital city is {v}."]),
        new("continent", Continent,
            "On which continent is {s} located?",
            ["{S} is located on which continent?", "Which continent is {s} part of?", "Name the continent where {s} lies.",
             "In which continent can {s} be found?", "{S} belongs to which continent?"],
            "{S} is located in {v}.",
            ["{S} is part of the continent of {v}.", "{v} is the continent where {s} lies."]),
        new("currency", c => c.Currencies.Count == 0 ? null : new(c.Currencies[0], c.Currencies.ToHashSet()),
            "What is the currency code of {s}?",
            ["Which currency code does {s} use?", "Name the currency code used in {s}.", "{S's} currency has which ISO code?",
             "What is the ISO 4217 code of the currency of {s}?"],
            "The currency code of {s} is {v}.",
            ["{S} uses the currency with the code {v}.", "{v} is the code of the currency of {s}."]),
        new("language", Language,
            "What is {the} official language of {s}?",
            ["Which language is official in {s}?", "Name {the} official language of {s}.",
             "In {s}, which language has official status?", "Which language is {the} official language of {s}?"],
            "{The} official language of {s} is {v}.",
            ["{v} is {the} official language of {s}.", "{v} has official status in {s}."]),
        new("calling-code", CallingCode,
            "What is the calling code of {s}?",
            ["Which international dialing code does {s} use?", "Name the telephone country code of {s}.",
             "To phone {s} from abroad, which code do you dial?", "{S's} international calling code is what?"],
            "The calling code of {s} is {v}.",
            ["{S} uses the international dialing code {v}.", "{v} is the telephone country code of {s}."]),
    ];

    // The package puts these countries on one continent; claiming the other is not false, so it is never used as a wrong value.
    private static readonly Dictionary<string, string> AlsoOn = new()
    {
        ["RU"] = "Europe", ["TR"] = "Europe", ["KZ"] = "Europe", ["AZ"] = "Europe",
        ["GE"] = "Europe", ["AM"] = "Europe", ["CY"] = "Asia", ["EG"] = "Asia",
    };

    private static RelationValue Single(string value) => new(value, new HashSet<string> { value });

    private static RelationValue Continent(Country c) =>
        new(c.Continent, AlsoOn.TryGetValue(c.Code, out var other) ? new HashSet<string> { c.Continent, other } : new HashSet<string> { c.Continent });

    // With several official languages the first listed is the answer, and questions ask for "an" official language.
    private static RelationValue? Language(Country c) =>
        c.Languages.Count == 0 ? null : new(c.Languages[0], c.Languages.ToHashSet(), c.Languages.Count == 1 ? "the" : "an");

    private static RelationValue? CallingCode(Country c)
    {
        // Several codes (Dominican Republic, Puerto Rico, Kosovo) leave no single answer.
        if (c.PhoneCodes.Count != 1) return null;
        var digits = c.PhoneCodes[0].ToString(CultureInfo.InvariantCulture);
        if (digits.Length <= 3) return Single("+" + digits);
        // The package folds area codes into North American numbers (1876 is +1, area 876); "+1" is then also true.
        // Other four-digit forms (4779, 5997, 5999) mix the two differently and are skipped.
        if (digits.Length == 4 && digits[0] == '1')
            return new($"+1-{digits[1..]}", new HashSet<string> { $"+1-{digits[1..]}", "+1" });
        return null;
    }
}
