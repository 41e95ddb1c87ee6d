using System.Globalization;

namespace PatcherPortal.Engine.Tokenization.HuggingFace;

/// <summary>SentencePiece's byte-fallback tokens: &lt;0x00&gt; ... &lt;0xFF&gt;.</summary>
internal static class ByteToken
{
    public static string Of(byte value) => $"<0x{value:X2}>";

    public static bool TryParse(string token, out byte value)
    {
        value = 0;
        return token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>'
            && byte.TryParse(token.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value);
    }
}
