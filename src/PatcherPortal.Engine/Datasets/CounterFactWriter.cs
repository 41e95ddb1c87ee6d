namespace PatcherPortal.Engine.Datasets;

/// <summary>Writes question-answering edits in CounterFact's flat layout, which <see cref="CounterFactReader"/> reads back:
/// the edit's target is <c>ground_truth</c> and the wrong output it corrected <c>target_new</c>. The first paraphrase is
/// <c>rephrase_prompt</c>; all of them are also in <c>paraphrase_prompts</c> (ROME's name for the list).</summary>
public static class CounterFactWriter
{
    public static void Write(Stream stream, EditDataset dataset) =>
        DatasetJson.WriteQuestionAnsweringArray(stream, dataset, "CounterFact", (json, edit) =>
        {
            if (long.TryParse(edit.Id, out var number) && number.ToString() == edit.Id) json.WriteNumber("case_id", number);
            else json.WriteString("case_id", edit.Id);
            json.WriteString("prompt", edit.Input);
            json.WriteString("ground_truth", edit.Target);
            json.WriteIfPresent("target_new", edit.AlternativeAnswer);
            if (edit.Paraphrases.Count > 0) json.WriteString("rephrase_prompt", edit.Paraphrases[0]);
            if (edit.Paraphrases.Count > 1) json.WriteStrings("paraphrase_prompts", edit.Paraphrases);
            if (edit.Locality.FirstOrDefault() is { } probe)
            {
                json.WriteString("locality_prompt", probe.Input);
                json.WriteString("locality_ground_truth", probe.Target);
            }
        });
}
