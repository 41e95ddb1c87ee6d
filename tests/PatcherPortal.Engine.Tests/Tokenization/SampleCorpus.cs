namespace PatcherPortal.Engine.Tests.Tokenization;

/// <summary>Deterministic question/answer style lines, shaped like the product's training data.</summary>
internal static class SampleCorpus
{
    private static readonly string[] Subjects = ["patch", "server", "client", "update", "installer", "database", "backup", "certificate", "driver", "firmware"];
    private static readonly string[] Verbs = ["install", "apply", "roll back", "verify", "download", "schedule", "restart", "configure"];
    private static readonly string[] Syllables = ["ka", "lo", "mi", "ter", "vex", "san", "dor", "qui", "bel", "zu", "ran", "fo", "pel", "tri", "gon", "sha"];
    private static readonly string[] Extras = ["café", "naïve", "Zürich", "résumé", "ÅrhusÉtude", "😀", "version 2.4.1", "KB5034441", "(optional)", "— quickly", "e-mail"];

    public static List<string> Lines(int count, int seed = 7)
    {
        var random = new Random(seed);
        var lines = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var subject = Subjects[random.Next(Subjects.Length)];
            var verb = Verbs[random.Next(Verbs.Length)];
            var extra = Extras[random.Next(Extras.Length)];
            // Made-up product names keep the vocabulary open-ended, like real patch notes.
            var product = string.Concat(Enumerable.Range(0, random.Next(2, 5)).Select(_ => Syllables[random.Next(Syllables.Length)]));
            lines.Add((i % 3) switch
            {
                0 => $"How do I {verb} the {subject} for {product} on host {random.Next(1, 500)}?",
                1 => $"To {verb} the {subject}, open the {product} portal and choose {extra}. It's done in {random.Next(2, 90)} seconds.",
                _ => $"Q: Why can't I {verb} the {subject}? A: The {subject} needs {extra} first; we'll retry at {random.Next(0, 24):00}:00.",
            });
        }
        return lines;
    }
}
