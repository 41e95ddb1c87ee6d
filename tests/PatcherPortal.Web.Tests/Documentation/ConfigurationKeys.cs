using System.Collections;
using System.Globalization;
using System.Reflection;
using PatcherPortal.Engine.Consolidation;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Web.Consolidation;
using PatcherPortal.Web.Infrastructure;

namespace PatcherPortal.Web.Tests.Documentation;

/// <summary>One setting the portal reads, with its type and default as docs/configuration.md shows them.</summary>
public sealed record ConfigurationKey(string Name, string Type, string Default);

/// <summary>Every <c>Portal:*</c> key, found by walking the options classes bound to each section.</summary>
public static class ConfigurationKeys
{
    private static readonly (string Section, object Defaults)[] Sections =
    [
        (PortalOptions.Section, new PortalOptions()),
        ("Portal:Patcher", new PatcherOptions()),
        ("Portal:Consolidation", new ConsolidationSchedule()),
        ("Portal:Consolidation", new ConsolidationOptions()),
        (FaultOptions.Section, new FaultOptions()),
    ];

    /// <summary>Read straight from configuration rather than through an options class.</summary>
    private static readonly ConfigurationKey[] Direct = [new("Portal:Review:RetentionInterval", "TimeSpan", "01:00:00")];

    /// <summary>Bound but overridden by the portal, so setting them changes nothing.</summary>
    public static readonly string[] NotRead =
    [
        "Portal:Consolidation:Patcher", // a consolidation re-trains patches with Portal:Patcher
        "Portal:Consolidation:Training:CheckpointDirectory", // a consolidation keeps no restart point
        "Portal:Consolidation:Training:CheckpointEverySteps",
        "Portal:Evaluation:MemoryRows", // the memory's size is Portal:Patcher:MemorySize
    ];

    public static IReadOnlyList<ConfigurationKey> All() =>
        Sections.SelectMany(s => Walk(s.Section, s.Defaults)).Concat(Direct)
            .Where(k => !NotRead.Any(n => k.Name == n || k.Name.StartsWith(n + ":")))
            .DistinctBy(k => k.Name).OrderBy(k => k.Name, StringComparer.Ordinal).ToList();

    private static IEnumerable<ConfigurationKey> Walk(string prefix, object defaults)
    {
        foreach (var property in defaults.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var name = $"{prefix}:{property.Name}";
            var value = property.GetValue(defaults);
            if (EntryType(property.PropertyType) is { } entry)
                foreach (var key in Walk($"{name}:{{name}}", EntryDefaults(entry))) yield return key;
            else if (IsLeaf(property.PropertyType)) yield return new(name, TypeName(property.PropertyType), Format(value));
            else foreach (var key in Walk(name, value ?? Activator.CreateInstance(property.PropertyType)!)) yield return key;
        }
    }

    /// <summary>The settings type of a section keyed by name (<c>Portal:Editors:{name}:Kind</c>), or null.</summary>
    private static Type? EntryType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>) && type.GetGenericArguments()[0] == typeof(string)
        && !IsLeaf(type.GetGenericArguments()[1]) ? type.GetGenericArguments()[1] : null;

    /// <summary>An entry's defaults: a new one, or the type's <c>Default</c> when it has no parameterless constructor.</summary>
    private static object EntryDefaults(Type type) => type.GetConstructor(Type.EmptyTypes) is not null ? Activator.CreateInstance(type)!
        : type.GetField("Default", BindingFlags.Public | BindingFlags.Static)?.GetValue(null)
          ?? throw new InvalidOperationException($"{type.Name} needs a parameterless constructor or a static Default to be documented.");

    private static bool IsLeaf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(TimeSpan) || t == typeof(decimal)
            || (t != typeof(string) && typeof(IEnumerable).IsAssignableFrom(t));
    }

    private static string TypeName(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        var t = underlying ?? type;
        var name = t switch
        {
            _ when t.IsEnum => string.Join(" or ", Enum.GetNames(t)),
            _ when t == typeof(bool) => "bool",
            _ when t == typeof(int) => "int",
            _ when t == typeof(long) => "long",
            _ when t == typeof(double) => "double",
            _ when t == typeof(string) => "string",
            _ when t == typeof(TimeSpan) => "TimeSpan",
            _ when typeof(IEnumerable<string>).IsAssignableFrom(t) => "list of strings",
            _ => t.Name,
        };
        return underlying is null ? name : name + " (optional)";
    }

    private static string Format(object? value) => value switch
    {
        null => "unset",
        bool b => b ? "true" : "false",
        string s => s,
        IEnumerable<string> list => list.Any() ? string.Join(", ", list) : "empty",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "unset",
    };
}
