using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;

namespace PatcherPortal.Web.Api;

/// <summary>
/// Why an API request could not be read, in the caller's terms: the JSON body the operation expects (its fields, not
/// a .NET type name), where the JSON went wrong, or which route value is not an id.
/// </summary>
public static class RequestShapes
{
    public static string Unreadable(HttpContext context, BadHttpRequestException error)
    {
        if (error.StatusCode == StatusCodes.Status415UnsupportedMediaType) return SendJson(context);
        if (error.StatusCode == StatusCodes.Status413PayloadTooLarge) return ApiProblems.TooLarge(context.Request.ContentLength);
        if (BadRouteValue(context) is { } badValue) return badValue;
        if (error.InnerException is JsonException json) return $"The body is not the JSON this operation reads{Where(json)}. Send {Shape(context)} as UTF-8 JSON.";
        if (context.Request.ContentLength is null or 0 && error.Message.Contains("body", StringComparison.OrdinalIgnoreCase))
            return $"This operation needs a JSON body: {Shape(context)}.";
        return $"The request could not be read. Send {Shape(context)} as UTF-8 JSON (Content-Type: application/json).";
    }

    public static string SendJson(HttpContext context) =>
        $"Send the body as JSON with the header Content-Type: application/json, e.g. {Shape(context)}.";

    /// <summary>The operation's body as the caller writes it, e.g. {"task": string, "input": string}.</summary>
    public static string Shape(HttpContext context)
    {
        var type = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        if (type is null) return $"the body described in {ApiProblems.Description}";
        var fields = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite || IsRecordField(type, p))
            .Select(p => $"\"{JsonNamingPolicy.CamelCase.ConvertName(p.Name)}\": {Describe(p)}");
        return "{" + string.Join(", ", fields) + "}";
    }

    private static bool IsRecordField(Type type, PropertyInfo property) =>
        type.GetConstructors().Any(c => c.GetParameters().Any(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase)));

    private static string Describe(PropertyInfo property)
    {
        var optional = new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable ? " (optional)" : "";
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var name = type == typeof(string) ? "string"
            : type == typeof(bool) ? "true or false"
            : type.IsPrimitive || type == typeof(double) ? "number"
            : typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? "[string, ...]"
            : "object";
        return name + optional;
    }

    private static string Where(JsonException json) =>
        json.Path is { Length: > 1 } path ? $" (at {path.TrimStart('$', '.')}, line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1})"
        : json.LineNumber is { } line ? $" (line {line + 1}, byte {json.BytePositionInLine + 1})" : "";

    /// <summary>A route value the handler takes as a GUID or a number that is not one ("/api/patches/xyz").</summary>
    private static string? BadRouteValue(HttpContext context)
    {
        var parameters = context.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>()?.GetParameters() ?? [];
        foreach (var (name, value) in context.Request.RouteValues)
        {
            var type = parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.ParameterType;
            var text = value?.ToString() ?? "";
            if (type == typeof(Guid) && !Guid.TryParse(text, out _))
                return $"'{text}' is not a valid {name}: use a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301, as given in the API's answers.";
            if (type == typeof(int) && !int.TryParse(text, out _))
                return $"'{text}' is not a valid {name}: use a whole number as given in the API's answers.";
        }
        return null;
    }
}
