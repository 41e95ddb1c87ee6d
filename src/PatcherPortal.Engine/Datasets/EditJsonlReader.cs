namespace PatcherPortal.Engine.Datasets;

/// <summary>
/// Edits as the portal exports them (<see cref="EditJsonlWriter"/>): JSON lines with <c>id</c>, <c>task</c> (qa or fc,
/// the same on every line), <c>input</c>, <c>target</c> and optional <c>paraphrases</c>, <c>wrong_output</c>,
/// <c>author</c>, <c>time</c> (ISO 8601) and <c>status</c>. Bad lines are reported by 1-based line number.
/// </summary>
public static class EditJsonlReader
{
    public const string Format = "edits";

    public static EditDataset Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public static EditDataset Read(Stream stream, string sourceName)
    {
        string? fileTask = null;
        var examples = DatasetRows.FromJsonLines(stream, sourceName, (row, line) =>
        {
            var task = row.RequiredString("task");
            if (task.Length > 0)
            {
                row.Check(task is EditDataset.QuestionAnswering or EditDataset.FactChecking, $"'task' must be qa or fc, found '{task}'");
                fileTask ??= task;
                row.Check(task == fileTask, $"'task' is '{task}' but earlier lines are '{fileTask}': export one model's edits per file");
            }
            var provenance = new EditProvenance(row.OptionalString("author"), row.OptionalTime("time"), row.OptionalString("status"));
            return new EditExample(row.RequiredId("id"), row.RequiredString("input"), row.RequiredString("target"),
                row.OptionalStrings("paraphrases"), [], row.OptionalString("wrong_output"),
                provenance == new EditProvenance(null, null, null) ? null : provenance);
        });
        return new EditDataset(Path.GetFileNameWithoutExtension(sourceName), fileTask!, examples);
    }
}
