using System.Text.RegularExpressions;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Documentation;

/// <summary>docs/configuration.md lists every <c>Portal:*</c> key with its real type and default, and nothing else.</summary>
public sealed partial class ConfigurationReferenceTests
{
    private static readonly string Reference = Path.Combine(Repository.Root(), "docs", "configuration.md");

    [Fact]
    public void Every_setting_is_documented_with_its_type_and_default()
    {
        var documented = DocumentedRows();
        var wrong = ConfigurationKeys.All()
            .Where(k => !documented.TryGetValue(k.Name, out var row) || row.Type != k.Type || row.Default != k.Default)
            .Select(k => $"| `{k.Name}` | {k.Type} | {k.Default} | (meaning) |").ToList();

        Assert.True(wrong.Count == 0, "docs/configuration.md lacks these rows or shows another type or default:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void Every_documented_setting_is_one_the_portal_reads_and_says_what_it_does()
    {
        var keys = ConfigurationKeys.All().Select(k => k.Name).ToHashSet();
        var rows = DocumentedRows();

        var unread = rows.Keys.Where(name => !keys.Contains(name)).ToList();
        Assert.Empty(unread);
        Assert.Empty(rows.Where(r => r.Value.Meaning.Length == 0).Select(r => r.Key));
    }

    [Fact]
    public void Every_setting_named_in_the_source_is_in_the_reference()
    {
        var names = ConfigurationKeys.All().Select(k => k.Name).ToList();
        var src = Path.Combine(Repository.Root(), "src");
        var named = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(f => SettingName().Matches(File.ReadAllText(f)).Select(m => m.Value))
            .Distinct()
            .Where(n => !ConfigurationKeys.NotRead.Any(n.StartsWith));

        var undocumented = named.Where(n => !names.Any(k => k == n || k.StartsWith(n + ":"))).ToList();
        Assert.Empty(undocumented);
    }

    [Fact]
    public void The_walk_finds_nested_sections_with_their_own_defaults()
    {
        var keys = ConfigurationKeys.All().ToDictionary(k => k.Name);

        Assert.Equal(new ConfigurationKey("Portal:Jobs:TrainingNiceness", "int", "10"), keys["Portal:Jobs:TrainingNiceness"]);
        Assert.Equal("4", keys["Portal:Consolidation:Training:Epochs"].Default);
        Assert.Equal(new ConfigurationKey("Portal:TorchThreads", "int (optional)", "unset"), keys["Portal:TorchThreads"]);
        Assert.DoesNotContain("Portal:Consolidation:Patcher:LearningRate", keys.Keys);
    }

    private static Dictionary<string, (string Type, string Default, string Meaning)> DocumentedRows() =>
        File.ReadLines(Reference).Select(l => Row().Match(l)).Where(m => m.Success)
            .ToDictionary(m => m.Groups["key"].Value, m => (Cell(m, "type"), Cell(m, "default"), Cell(m, "meaning")));

    private static string Cell(Match match, string group) => match.Groups[group].Value.Trim().Trim('`');

    [GeneratedRegex(@"^\|\s*`(?<key>Portal:[^`]+)`\s*\|(?<type>[^|]*)\|(?<default>[^|]*)\|(?<meaning>.*)\|\s*$")]
    private static partial Regex Row();

    [GeneratedRegex(@"\bPortal(:[A-Z][A-Za-z]*)+")]
    private static partial Regex SettingName();
}
