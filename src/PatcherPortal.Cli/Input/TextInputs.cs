using System.CommandLine;

namespace PatcherPortal.Cli.Input;

/// <summary>
/// Texts for a command, from one of three places: the arguments, a file with one per line (<c>--file</c>), or standard
/// input (one per line) when neither is given. Blank lines are skipped; there is no limit on how many.
/// </summary>
public sealed class TextInputs
{
    public TextInputs(string what, string description)
    {
        What = what;
        Arguments = new Argument<string[]>(what) { Description = $"{description} (or --file, or one per line on standard input)", Arity = ArgumentArity.ZeroOrMore };
        File = new Option<FileInfo?>("--file") { Description = $"Read the {what} from this file, one per line (UTF-8)" };
    }

    public string What { get; }
    public Argument<string[]> Arguments { get; }
    public Option<FileInfo?> File { get; }

    /// <param name="standardInput">Read when no arguments and no file are given (defaults to the console's input).</param>
    public IReadOnlyList<string> Read(ParseResult result, TextReader? standardInput = null)
    {
        var given = result.GetValue(Arguments) ?? [];
        var file = result.GetValue(File);
        if (given.Length > 0 && file is not null)
            throw new ArgumentException($"Give the {What} as arguments or with --file, not both.");
        if (given.Length > 0) return given;
        if (file is not null)
        {
            if (!file.Exists) throw new FileNotFoundException($"{file.FullName} does not exist.", file.FullName);
            using var reader = file.OpenText();
            return Lines(reader);
        }
        if (standardInput is null && !Console.IsInputRedirected)
            throw new ArgumentException($"No {What} given: pass them as arguments, with --file, or one per line on standard input.");
        return Lines(standardInput ?? Console.In);
    }

    private static List<string> Lines(TextReader reader)
    {
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
            if (!string.IsNullOrWhiteSpace(line)) lines.Add(line.Trim());
        return lines;
    }
}
