using System.Text.Json;
using System.Text.RegularExpressions;

namespace PatcherPortal.Web.Tests.Support;

/// <summary>
/// Finds values in configuration files that look like committed secrets: a non-empty password, secret, token or key
/// setting, a connection string with a password, or an API key of the portal's own format.
/// </summary>
public static partial class SecretScan
{
    public static IEnumerable<string> ConfigFiles(string root) => Directory
        .EnumerateFiles(root, "*", SearchOption.AllDirectories)
        .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".git" or "node_modules"))
        .Where(f => ConfigName().IsMatch(Path.GetFileName(f)));

    /// <summary>"path: why" for each suspicious value in a JSON file, or in a key=value / key: value file.</summary>
    public static IEnumerable<string> Findings(string name, string content) =>
        name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? Json(name, content) : Lines(name, content);

    private static IEnumerable<string> Json(string name, string content)
    {
        using var document = JsonDocument.Parse(content, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var findings = new List<string>();
        Walk(document.RootElement, name, findings);
        return findings;
    }

    private static void Walk(JsonElement element, string path, List<string> findings)
    {
        if (element.ValueKind == JsonValueKind.Object)
            foreach (var property in element.EnumerateObject())
            {
                var at = $"{path}:{property.Name}";
                if (property.Value.ValueKind == JsonValueKind.String && Suspicious(property.Name, property.Value.GetString()!) is { } why)
                    findings.Add($"{at}: {why}");
                Walk(property.Value, at, findings);
            }
        else if (element.ValueKind == JsonValueKind.Array)
            foreach (var (item, index) in element.EnumerateArray().Select((e, i) => (e, i))) Walk(item, $"{path}[{index}]", findings);
    }

    private static IEnumerable<string> Lines(string name, string content) => content.Split('\n')
        .Select((line, index) => (Match: Assignment().Match(line), Line: index + 1))
        .Where(l => l.Match.Success && Suspicious(l.Match.Groups[1].Value, l.Match.Groups[2].Value.Trim().Trim('"', '\'')) is not null)
        .Select(l => $"{name}:{l.Line}: {Suspicious(l.Match.Groups[1].Value, l.Match.Groups[2].Value.Trim().Trim('"', '\''))}");

    private static string? Suspicious(string key, string value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.StartsWith("${", StringComparison.Ordinal)) return null;
        if (SecretKey().IsMatch(key)) return "a secret-looking setting has a value; supply it from the environment or a secret store";
        if (PasswordInConnection().IsMatch(value)) return "a connection string carries a password";
        if (PortalKey().IsMatch(value)) return "an API key of the portal";
        return null;
    }

    [GeneratedRegex(@"^(appsettings.*\.json|launchSettings\.json|.*\.env|docker-compose.*\.ya?ml|compose.*\.ya?ml)$", RegexOptions.IgnoreCase)]
    private static partial Regex ConfigName();

    [GeneratedRegex(@"(password|passwd|pwd|secret|token|apikey|api_key|privatekey|private_key|credential)s?$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretKey();

    [GeneratedRegex(@"(password|pwd)\s*=\s*[^;${\s]", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordInConnection();

    [GeneratedRegex(@"\bpp_[A-Za-z0-9_-]{20,}")]
    private static partial Regex PortalKey();

    [GeneratedRegex(@"^\s*-?\s*([A-Za-z0-9_.]+)\s*[:=]\s*(.+)$")]
    private static partial Regex Assignment();
}
