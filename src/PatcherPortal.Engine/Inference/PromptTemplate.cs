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

    public string Apply(string question) => Frame(question).Text;

    /// <summary>The prompt, with the question's spans marked as typed by the user: special tokens written in the template
    /// stay special, those written in the question do not.</summary>
    public Tokenization.PromptText Frame(string question)
    {
        var asked = question.Trim();
        var text = new System.Text.StringBuilder();
        var typed = new List<Range>();
        var pieces = Text.Split(Placeholder);
        for (var i = 0; i < pieces.Length; i++)
        {
            if (i > 0)
            {
                typed.Add(text.Length..(text.Length + asked.Length));
                text.Append(asked);
            }
            text.Append(pieces[i]);
        }
        var prompt = text.ToString().TrimEnd(' ');
        return new(prompt, typed.Select(r => r.Start..Math.Min(r.End.Value, prompt.Length)).ToList());
    }
}
