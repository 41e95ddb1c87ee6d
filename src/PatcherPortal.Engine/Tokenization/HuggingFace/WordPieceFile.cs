using System.Text.Json.Nodes;

namespace PatcherPortal.Engine.Tokenization.HuggingFace;

/// <summary>The vocabulary of a BERT-family tokenizer.json (model "WordPiece"), for directories that ship no vocab.txt.</summary>
internal static class WordPieceFile
{
    public static (IReadOnlyList<string> Vocabulary, bool? LowerCase)? Read(string directory)
    {
        var path = Path.Combine(directory, HuggingFaceTokenizer.FileName);
        if (!File.Exists(path)) return null;
        var root = TokenizerJson.Parse(File.ReadAllText(path), path);
        var model = root["model"];
        var type = model?["type"]?.GetValue<string>();
        if (type != "WordPiece")
            throw new InvalidDataException($"{path}: a BERT model needs a WordPiece tokenizer, not \"{type ?? "(untyped)"}\".");
        var vocab = model!["vocab"] as JsonObject ?? throw new InvalidDataException($"{path}: the WordPiece model has no \"vocab\".");
        var ordered = vocab.OrderBy(pair => pair.Value!.GetValue<int>()).ToList();
        if (ordered.Where((pair, index) => pair.Value!.GetValue<int>() != index).Any())
            throw new InvalidDataException($"{path}: the WordPiece ids are not 0..{ordered.Count - 1} without gaps.");
        var lowerCase = root["normalizer"]?["lowercase"] is JsonValue flag && flag.TryGetValue<bool>(out var lower) ? lower : (bool?)null;
        return (ordered.Select(pair => pair.Key).ToList(), lowerCase);
    }
}
