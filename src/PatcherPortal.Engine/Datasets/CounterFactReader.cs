namespace PatcherPortal.Engine.Datasets;

/// <summary>
/// CounterFact in its flat form: a JSON array of objects with <c>case_id</c>, <c>prompt</c>, <c>ground_truth</c>,
/// <c>target_new</c>, <c>rephrase_prompt</c>, <c>locality_prompt</c> and <c>locality_ground_truth</c>.
/// The product edits toward the real fact, so the answer is <c>ground_truth</c> and <c>target_new</c> is the alternative.
/// Exported edits may lack <c>target_new</c>, a paraphrase or a locality input, and may list several paraphrases
/// (<c>paraphrase_prompts</c>, as in ROME's original CounterFact); see <see cref="CounterFactWriter"/>.
/// </summary>
public static class CounterFactReader
{
    public const string Format = "counterfact";

    public static EditDataset Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public static EditDataset Read(Stream stream, string sourceName)
    {
        var examples = DatasetRows.FromJsonArray(stream, sourceName, (row, _) =>
        {
            var id = row.RequiredId("case_id");
            var input = row.RequiredString("prompt");
            var answer = row.RequiredString("ground_truth");
            var alternative = row.OptionalString("target_new");
            var rephrases = row.Has("paraphrase_prompts") ? row.OptionalStrings("paraphrase_prompts") : row.ZeroOrOneString("rephrase_prompt");
            var locality = row.OptionalPair("locality_prompt", "locality_ground_truth", (prompt, truth) => new LabelledInput(prompt, truth));
            return new EditExample(id, input, answer, rephrases, locality, alternative);
        });
        return new EditDataset(Path.GetFileNameWithoutExtension(sourceName), EditDataset.QuestionAnswering, examples);
    }
}
