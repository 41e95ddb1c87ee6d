using PatcherPortal.Engine.Checkpoints;

namespace PatcherPortal.Engine.Inference;

/// <summary>
/// How a decoder is asked: plain text around the question, e.g. "Question: {q}\nAnswer:"; the answer follows after a
/// space. Kept in the model directory as prompt_template.txt, so the portal, the command line and exports ask alike.
/// </summary>
public sealed record PromptTemplate(string Text)
{
    public const string FileName = "prompt_template.txt";
    public const string Placeholder = "{q}";
    public static readonly PromptTemplate Bare = new(Placeholder);

    public static PromptTemplate Parse(string text, string source) =>
        text.Contains(Placeholder, StringComparison.Ordinal) ? new PromptTemplate(text.TrimEnd('\r', '\n'))
            : throw new CheckpointException($"The prompt template in {source} has no {Placeholder} where the question goes: '{text}'.");

    public static PromptTemplate Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        return File.Exists(path) ? Parse(File.ReadAllText(path), path) : Bare;
    }

    public void Write(string directory) => AtomicFile.WriteAllText(Path.Combine(directory, FileName), Text);

    public string Apply(string question) => Text.Replace(Placeholder, question.Trim(), StringComparison.Ordinal).TrimEnd(' ');
}
