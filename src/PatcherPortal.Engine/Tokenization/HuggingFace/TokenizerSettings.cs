using System.Text.Json.Nodes;

namespace PatcherPortal.Engine.Tokenization.HuggingFace;

/// <summary>
/// What tokenizer_config.json and generation_config.json add to tokenizer.json: the begin/end/pad tokens (the
/// generation config's ids win, and may list several end tokens), the extra special tokens and the decode clean-up.
/// </summary>
internal sealed record TokenizerSettings(
    string? BosToken, string? EosToken, string? PadToken, IReadOnlyList<string> AdditionalSpecialTokens, bool CleanUpSpaces,
    int? BosId, IReadOnlyList<int> EosIds, int? PadId)
{
    public const string GenerationConfigFile = "generation_config.json";

    public static TokenizerSettings Read(string? tokenizerConfig, string? generationConfig)
    {
        var config = Parse(tokenizerConfig, TokenizerConfig.FileName);
        var generation = Parse(generationConfig, GenerationConfigFile);
        return new(
            TokenText(config?["bos_token"]), TokenText(config?["eos_token"]), TokenText(config?["pad_token"]),
            (config?["additional_special_tokens"] as JsonArray)?.Select(TokenText).OfType<string>().ToList() ?? [],
            config?["clean_up_tokenization_spaces"] is JsonValue clean && clean.TryGetValue<bool>(out var flag) ? flag : true,
            Ids(generation?["bos_token_id"]).Cast<int?>().FirstOrDefault(), Ids(generation?["eos_token_id"]),
            Ids(generation?["pad_token_id"]).Cast<int?>().FirstOrDefault());
    }

    private static JsonNode? Parse(string? json, string file) => json is null ? null : TokenizerJson.Parse(json, file);

    /// <summary>A token is written as a string or as an AddedToken object {"content": ...}.</summary>
    private static string? TokenText(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonObject added => added["content"]?.GetValue<string>(),
        _ => null,
    };

    private static List<int> Ids(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<int>(out var id) => [id],
        JsonArray list => list.Select(id => id!.GetValue<int>()).ToList(),
        _ => [],
    };
}
