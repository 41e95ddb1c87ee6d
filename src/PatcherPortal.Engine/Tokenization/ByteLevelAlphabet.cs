using System.Text;

namespace PatcherPortal.Engine.Tokenization;

/// <summary>GPT-2's bytes-to-unicode map: every byte gets a printable character so tokens are plain strings.</summary>
public static class ByteLevelAlphabet
{
    private static readonly char[] ByteToChar = BuildMap();

    private static readonly Dictionary<char, byte> CharToByte =
        ByteToChar.Select((symbol, value) => (symbol, value)).ToDictionary(x => x.symbol, x => (byte)x.value);

    public static char CharOf(byte value) => ByteToChar[value];

    public static bool TryByteOf(char symbol, out byte value) => CharToByte.TryGetValue(symbol, out value);

    /// <summary>The 256 byte symbols in GPT-2's id order (sorted by mapped character).</summary>
    public static IReadOnlyList<string> Symbols { get; } =
        ByteToChar.Order().Select(c => c.ToString()).ToArray();

    public static string Encode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return string.Create(bytes.Length, bytes, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
                span[i] = ByteToChar[source[i]];
        });
    }

    private static char[] BuildMap()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)next++;
        }
        return map;
    }
}
