namespace PatcherPortal.Engine.Tokenization.HuggingFace;

/// <summary>A GPT-2 directory that ships tokenizer.json instead of vocab.json + merges.txt: the same vocabulary and merges.</summary>
internal static class Gpt2TokenizerJson
{
    public static bool Exists(string directory) => File.Exists(Path.Combine(directory, HuggingFaceTokenizer.FileName));

    public static (Dictionary<string, int> Vocabulary, List<(string Left, string Right)> Merges) Read(string directory)
    {
        var path = Path.Combine(directory, HuggingFaceTokenizer.FileName);
        var root = TokenizerJson.Parse(File.ReadAllText(path), path);
        if (root["pre_tokenizer"]?["type"]?.GetValue<string>() != "ByteLevel")
            throw new InvalidDataException($"{path}: a GPT-2 model needs a byte-level BPE tokenizer (pre_tokenizer ByteLevel).");
        if (root["normalizer"] is { } normalizer)
            throw new InvalidDataException($"{path}: the normalizer \"{TokenizerJson.Type(normalizer, "normalizer")}\" is not supported for a GPT-2 model, which has none.");
        var (vocabulary, merges) = BpeModelFile.VocabularyAndMerges(root["model"] ?? throw new InvalidDataException($"{path} has no \"model\"."));
        foreach (var added in TokenizerJson.Items(root, "added_tokens"))
            vocabulary.TryAdd(TokenizerJson.String(added, "content"), TokenizerJson.Int(added, "id", -1));
        if (!vocabulary.ContainsKey(Gpt2Tokenizer.EndOfText))
            throw new InvalidDataException($"{path} lacks {Gpt2Tokenizer.EndOfText}, GPT-2's end of text.");
        return (vocabulary, merges);
    }
}
