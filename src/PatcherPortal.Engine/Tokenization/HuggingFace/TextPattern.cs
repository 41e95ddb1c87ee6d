using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PatcherPortal.Engine.Tokenization.HuggingFace;

/// <summary>A tokenizer.json pattern: {"String": literal} or {"Regex": expression}, as a .NET regex.</summary>
internal static class TextPattern
{
    public static Regex Read(JsonNode? pattern, string where)
    {
        if (pattern?["String"] is JsonValue literal)
            return new Regex(Regex.Escape(literal.GetValue<string>()), RegexOptions.CultureInvariant);
        if (pattern?["Regex"] is JsonValue expression)
        {
            try
            {
                return new Regex(expression.GetValue<string>(), RegexOptions.CultureInvariant);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"tokenizer.json: the {where} regex cannot be compiled here: {e.Message}", e);
            }
        }
        throw new InvalidDataException($"tokenizer.json: the {where} pattern is neither a String nor a Regex.");
    }
}
