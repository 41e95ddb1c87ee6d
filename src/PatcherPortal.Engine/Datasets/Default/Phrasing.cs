namespace PatcherPortal.Engine.Datasets;

/// <summary>
/// Fills the default dataset's templates: {s} is the subject mid-sentence, {S} at the start of a sentence,
/// {s's}/{S's} its possessive, {v} the value and {the}/{The} the relation's article ("the" or "an").
/// </summary>
internal static class Phrasing
{
    // English puts "the" before these names ("the capital of the Netherlands").
    private static readonly HashSet<string> TakesThe = new(StringComparer.Ordinal)
    {
        "Bahamas", "British Indian Ocean Territory", "British Virgin Islands", "Cayman Islands", "Central African Republic",
        "Cocos (Keeling) Islands", "Comoros", "Cook Islands", "Democratic Republic of the Congo", "Dominican Republic",
        "Falkland Islands", "Faroe Islands", "French Southern Territories", "Gambia", "Isle of Man", "Maldives",
        "Marshall Islands", "Netherlands", "Northern Mariana Islands", "Philippines", "Pitcairn Islands",
        "Republic of the Congo", "Seychelles", "Solomon Islands", "Turks and Caicos Islands", "U.S. Minor Outlying Islands",
        "U.S. Virgin Islands", "United Arab Emirates", "United Kingdom", "United States",
    };

    public static string Fill(string template, string subjectName, string value, string article)
    {
        var subject = TakesThe.Contains(subjectName) ? "the " + subjectName : subjectName;
        var possessive = subject.EndsWith('s') ? subject + "'" : subject + "'s";
        var text = template
            .Replace("{S's}", Capitalize(possessive))
            .Replace("{s's}", possessive)
            .Replace("{S}", Capitalize(subject))
            .Replace("{s}", subject)
            .Replace("{The}", Capitalize(article))
            .Replace("{the}", article)
            .Replace("{v}", value);
        // "Washington D.C." ends a claim with its own full stop.
        return text.EndsWith("..", StringComparison.Ordinal) ? text[..^1] : text;
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
