using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Review;
using PatcherPortal.Web.Validation;

namespace PatcherPortal.Web.Api;

/// <summary>The REST API for production services: ask a model, report a mistake, follow its patch; admins decide on patches.</summary>
public static class PortalApi
{
    public static void MapPortalApi(this WebApplication app)
    {
        var api = app.MapApiGroup();
        api.MapPost("/models/{model}/predict", (string model, PredictRequest request, Predictions predictions, ModelRegistry registry) =>
            PredictAsync(registry.Resolve(model), request, predictions)).WithSummary("Ask the model; the answer is logged in its review queue.").ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapPost("/predict", (PredictRequest request, Predictions predictions, ModelRegistry registry) =>
            PredictAsync(registry.Resolve(request.Model ?? request.Task, inBody: true), request, predictions))
            .WithSummary("Ask the model named in the body (\"model\", or \"task\"); the answer is logged in its review queue.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapPost("/models/{model}/corrections", (string model, ReportRequest request, ClaimsPrincipal user, Corrections corrections, ModelRegistry registry) =>
            ReportAsync(registry.Resolve(model), request, user, corrections)).WithSummary("Report a wrong output of the model with its correction; a patch job is queued.")
            .Produces<ReportResponse>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapPost("/corrections", (ReportRequest request, ClaimsPrincipal user, Corrections corrections, ModelRegistry registry) =>
            ReportAsync(registry.Resolve(request.Model ?? request.Task, inBody: true), request, user, corrections))
            .WithSummary("Report a wrong output of the model named in the body with its correction; a patch job is queued.")
            .Produces<ReportResponse>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/corrections/{id}", CorrectionAsync).WithSummary("A correction's job status and its patches.");
        api.MapGet("/patches/{id}", PatchAsync).WithSummary("A patch's status and training figures.");

        var admin = api.MapGroup("").RequireAuthorization(Policies.Admin);
        admin.MapPost("/patches/{id}/approve", (Guid id, DecisionRequest? body, ClaimsPrincipal user, PatchAdministration patches) =>
            Decide(patches.ApproveAsync(id, user, body?.Reason))).WithSummary("Approve a pending patch (with the rest of its edit).").ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/patches/{id}/reject", (Guid id, DecisionRequest? body, ClaimsPrincipal user, PatchAdministration patches) =>
            Decide(patches.RejectAsync(id, user, body?.Reason))).WithSummary("Reject a pending patch.").ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/patches/{id}/remove", (Guid id, DecisionRequest? body, ClaimsPrincipal user, PatchAdministration patches) =>
            Decide(patches.RemoveAsync(id, user, body?.Reason))).WithSummary("Remove a live patch: a new version without it.").ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/models/{model}/rollback", (string model, RollbackRequest body, ClaimsPrincipal user, PatchAdministration patches, ModelRegistry registry) =>
            Decide(patches.RollBackAsync(registry.Resolve(model).Name, body.Version, user, body.Reason))).WithSummary("Serve an earlier version's patches again.").ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<PredictResponse> PredictAsync(TaskModel model, PredictRequest request, Predictions predictions)
    {
        var logged = await predictions.AskAsync(model.Name, request.Input ?? "", ReviewSource.Api);
        return new PredictResponse(model.Name, request.Input!.Trim(), logged.Prediction.Output, logged.Prediction.Version, logged.ReviewItemId,
            logged.Fired.Select(f => new FiredPatchDto(f.PatchId, f.PreActivation, f.CorrectionId)).ToList());
    }

    private static async Task<IResult> ReportAsync(TaskModel model, ReportRequest request, ClaimsPrincipal user, Corrections corrections)
    {
        var what = $"the {model.InputLabel.ToLowerInvariant()}";
        var input = UserText.Require(request.Input, what);
        if (model.InputProblem(input, what) is { } tooLong) throw new ArgumentException(tooLong);
        // The model's own answer is the mistake, whatever the caller believes it said: a target it already gives is refused.
        var answer = await Task.Run(() => model.Predict(input).Output);
        var result = await corrections.SubmitAsync(
            new CorrectionRequest(model.Name, input, answer, request.Target ?? "", request.Paraphrases ?? []), user.Actor());
        if (result.DuplicateOf is { } duplicate)
            return Results.Problem(result.Error, statusCode: StatusCodes.Status409Conflict, extensions: new Dictionary<string, object?> { ["correctionId"] = duplicate });
        if (!result.Accepted) throw new ArgumentException(result.Error);
        var url = $"/api/corrections/{result.CorrectionId}";
        return Results.Accepted(url, new ReportResponse(result.CorrectionId!.Value, nameof(CorrectionStatus.Queued), url));
    }

    private static async Task<CorrectionStatusResponse> CorrectionAsync(int id, PortalDbContext db)
    {
        var correction = await db.Corrections.Include(c => c.Patches).SingleOrDefaultAsync(c => c.Id == id)
            ?? throw new KeyNotFoundException($"There is no correction #{id}.");
        return new CorrectionStatusResponse(correction.Id, correction.Model, correction.Input, correction.Target, correction.Status.ToString(),
            correction.Message, correction.Steps, correction.Patches.OrderBy(p => p.Index).Select(ToResponse).ToList());
    }

    private static async Task<PatchStatusResponse> PatchAsync(Guid id, PortalDbContext db) =>
        ToResponse(await db.Patches.FindAsync(id) ?? throw new KeyNotFoundException($"There is no patch {id}."));

    private static PatchStatusResponse ToResponse(PatchRecord p) =>
        new(p.Id, p.CorrectionId, p.Status.ToString(), p.TrainedOnVersion, p.LiveInVersion, p.EditActivation, p.MaxMemoryActivation, p.Kind.ToString());

    private static async Task<MessageResponse> Decide(Task<string> decision) => new(await decision);
}
