using System.Text.RegularExpressions;

namespace PatcherPortal.Web.Registry;

/// <summary>A model's name is its URL segment, job queue and data folder: short, lower case, safe in all three.</summary>
public static partial class ModelNames
{
    public const int MaxLength = 40;

    [GeneratedRegex("^[a-z][a-z0-9_-]*$")]
    private static partial Regex Pattern();

    /// <summary>Why <paramref name="name"/> cannot name a model, or null.</summary>
    public static string? Problem(string? name) => name switch
    {
        null or "" => "Give the model a name.",
        { Length: > MaxLength } => $"A model name has at most {MaxLength} characters.",
        _ when !Pattern().IsMatch(name) => $"'{name}' cannot name a model: use lower-case letters, digits, '-' and '_', starting with a letter.",
        _ => null,
    };
}
