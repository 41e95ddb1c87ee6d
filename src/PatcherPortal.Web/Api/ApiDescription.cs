using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Models;

namespace PatcherPortal.Web.Api;

/// <summary>
/// What /openapi/v1.json tells a caller beyond the shapes: every error each operation can answer and what it means,
/// which operations need the admin role, the task codes, and how to report a mistake end to end.
/// </summary>
public static class ApiDescription
{
    public const string AdminOnly = "Requires the admin role (an admin's API key or account).";

    private static readonly Dictionary<int, string> Meanings = new()
    {
        [202] = "Accepted: the work is queued; follow statusUrl (also in the Location header) until it finishes.",
        [400] = "The request is invalid and nothing was logged or queued; the problem's detail says what to change (a blank, over-long or " +
                "garbled text, an unknown task, a malformed id, a body that is not this operation's JSON, a correction the model already gives).",
        [401] = $"No API key, or an unknown or revoked one: send a key in the {ApiKeyAuthenticationHandler.Header} header.",
        [403] = "The caller is an annotator; this operation needs the admin role.",
        [404] = "There is no such correction, patch, version or run.",
        [409] = "The request conflicts with the current state: the same correction exists already (its id is in correctionId), " +
                "the patch is not in the state this action needs (a retrain needs a candidate awaiting approval and a neighbour marked a " +
                "regression), or a run is already queued.",
        [413] = $"The body is over {ApiProblems.MaxBodyBytes / 1024} KB: send one question or correction per request.",
        [415] = "The body is not JSON: send it with Content-Type: application/json.",
        [429] = "Too many requests from this caller: wait for the seconds in Retry-After.",
        [503] = "The model is not in service yet (being built or loaded) or could not be loaded: try again after the seconds in Retry-After.",
    };

    public static OpenApiOptions Describe(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Description = Overview;
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(DescribeOperationAsync);
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type is var type && (type == typeof(PredictRequest) || type == typeof(ReportRequest))
                && schema.Properties is { } properties)
                foreach (var name in ModelNames) if (properties.TryGetValue(name, out var model) && model is OpenApiSchema modelSchema) DescribeModel(modelSchema);
            return Task.CompletedTask;
        });
        return options;
    }

    private static async Task DescribeOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellation)
    {
        var admin = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any(a => a.Policy == Policies.Admin);
        if (admin) operation.Description = string.Join(" ", new[] { operation.Description, AdminOnly }.Where(d => !string.IsNullOrEmpty(d)));
        var pathParameters = operation.Parameters?.Where(p => p.In == ParameterLocation.Path).ToList() ?? [];
        foreach (var model in pathParameters.Where(p => ModelNames.Contains(p.Name)).Select(p => p.Schema).OfType<OpenApiSchema>()) DescribeModel(model);

        List<int> errors = [401, 429];
        if (admin) errors.Add(403);
        if (operation.RequestBody is not null) errors.AddRange([400, 413, 415]);
        if (pathParameters.Count > 0) errors.AddRange([400, 404]);
        operation.Responses ??= new OpenApiResponses();
        var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellation);
        foreach (var status in errors.Distinct().Select(s => s.ToString()).Where(s => !operation.Responses.ContainsKey(s)))
            operation.Responses[status] = new OpenApiResponse
            {
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
            };
        foreach (var (status, response) in operation.Responses)
            if (int.TryParse(status, out var code) && Meanings.TryGetValue(code, out var meaning) && response is OpenApiResponse described)
                described.Description = meaning;
        if (Examples.TryGetValue($"{context.Description.HttpMethod} {context.Description.RelativePath}", out var example)
            && operation.RequestBody?.Content?.TryGetValue("application/json", out var json) == true)
            json.Example = JsonNode.Parse(example);
    }

    /// <summary>A model is named in the path or body as "model" (or "task", as older callers do).</summary>
    private static readonly string[] ModelNames = ["model", "task"];

    /// <summary>Registered models come and go, so their names are described rather than enumerated.</summary>
    private static void DescribeModel(OpenApiSchema schema) =>
        schema.Description = "A registered model's name (GET /api/models lists them); the built-in ones are qa (question answering: " +
                             "a question, answered with text) and fc (fact checking: a claim, labelled SUPPORTS or REFUTES).";

    private static readonly Dictionary<string, string> Examples = new()
    {
        ["POST api/predict"] = """{"task": "qa", "input": "What is the capital of Peru?"}""",
        ["PUT api/models/{model}/corrections/{id}/neighbours/{neighbourId}"] = """{"verdict": "Regression"}""",
        ["POST api/corrections"] = """{"task": "qa", "input": "What is the capital of Peru?", "target": "Lima", "paraphrases": ["Which city is the capital of Peru?"]}""",
    };

    private const string Overview = $$"""
        Ask the models, report their mistakes with corrections, and follow the patches that fix them. Authenticate with an API
        key (an admin creates one on the Admin page) in the `{{ApiKeyAuthenticationHandler.Header}}` header. Every error is an
        RFC 7807 problem (`application/problem+json`) whose `detail` says what to change; 429 and 503 carry `Retry-After`.
        Operations marked "{{AdminOnly}}" answer 403 to annotators.

        Reporting a mistake, end to end:

        1. `POST /api/predict` with `{"task": "qa", "input": "What is the capital of Peru?"}` answers 200 with the model's
           `output` (say `"quito"`), the `modelVersion` and the `reviewItemId` of the logged answer.
        2. `POST /api/corrections` with `{"task": "qa", "input": "What is the capital of Peru?", "target": "Lima",
           "paraphrases": ["Which city is the capital of Peru?"]}` answers 202 with `{"correctionId": 7, "status": "Queued",
           "statusUrl": "/api/corrections/7"}`. The mistake recorded is the model's own answer; a target the model already
           gives is refused (400), and the same correction sent twice answers 409 with the first one's `correctionId`.
        3. `GET /api/corrections/7` until `status` is no longer `Queued` or `Training`: `Fixed` (with its `patches`),
           `AlreadyCorrect` or `Failed` (with a `message`). While approval is on, the patches are `Pending`.
           `GET /api/models/qa/corrections/7/neighbours` lists what else the candidate changed (known inputs near the edit,
           old → new, with the patch firing on each); mark each with `PUT .../neighbours/{id}` and `{"verdict": "Intended"}` or
           `{"verdict": "Regression"}`, and `POST .../retrain` trains the candidate again keeping the regressions.
        4. An admin approves: `POST /api/patches/{patchId}/approve` with `{"reason": "checked"}`; the patch is `Live` and
           `POST /api/predict` answers `Lima`, listing the patch in `firedPatches`. `.../reject` and `.../remove` undo it.
        """;
}
