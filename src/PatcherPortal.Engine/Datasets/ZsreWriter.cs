namespace PatcherPortal.Engine.Datasets;

/// <summary>Writes question-answering edits in MEND's zsRE layout, which <see cref="ZsreReader"/> reads back. The first
/// paraphrase is <c>rephrase</c> as MEND expects; all of them are also in <c>rephrases</c> (MEND ignores the field).
/// zsRE has no ids, authors, times or statuses: use <see cref="EditJsonlWriter"/> to keep those.</summary>
public static class ZsreWriter
{
    public static void Write(Stream stream, EditDataset dataset) =>
        DatasetJson.WriteQuestionAnsweringArray(stream, dataset, "zsRE", (json, edit) =>
        {
            json.WriteString("src", edit.Input);
            json.WriteStrings("answers", [edit.Target]);
            if (edit.Paraphrases.Count > 0) json.WriteString("rephrase", edit.Paraphrases[0]);
            if (edit.Paraphrases.Count > 1) json.WriteStrings("rephrases", edit.Paraphrases);
            json.WriteIfPresent("alt", edit.AlternativeAnswer);
            if (edit.Locality.FirstOrDefault() is { } probe)
            {
                json.WriteString("loc", ZsreReader.LocalityPrefix + probe.Input);
                json.WriteString("loc_ans", probe.Target);
            }
        });
}
