using System.Security.Claims;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Patching.Neighbours;

namespace PatcherPortal.Web.Api;

/// <summary>What else a correction's candidate changed, the verdict on each, and training it again keeping the regressions.</summary>
public static class NeighboursApi
{
    public static void MapNeighboursApi(this WebApplication app)
    {
        var api = app.MapModelApiGroup("/corrections/{id}");
        api.MapGet("/neighbours", ListAsync)
            .WithSummary("What else the correction's candidate changed: each known input near the edit (and the subject's other questions) " +
                         "whose answer differs, old → new, with the patch firing on it and its pre-activation; and the regressions earlier " +
                         "trainings keep, with whether each still holds.");
        api.MapPut("/neighbours/{neighbourId}", MarkAsync)
            .WithSummary("Mark a changed neighbour: verdict Intended (a paraphrase: its new answer is right), Regression (its old answer " +
                         "was right: a retrain keeps it) or Unmarked.").ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/retrain", RetrainAsync)
            .WithSummary("Train a candidate awaiting approval again as a new job in which every neighbour marked a regression is an input " +
                         "to keep; the new candidate replaces the old (rejected) one and its neighbours are listed anew.")
            .Produces<RetrainResponse>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<NeighboursResponse> ListAsync(string model, int id, ModelRegistry registry, NeighbourReview review, PortalQueries queries)
    {
        var name = registry.Resolve(model).Name;
        var list = await review.ListAsync(name, id);
        var correction = (await queries.CorrectionAsync(id))!;
        return new NeighboursResponse(id, name, correction.Status.ToString(), correction.Retrains,
            EditReport.FromJson(correction.ReportJson)?.NeighboursChecked ?? 0,
            list.Current.Select(ToResponse).ToList(), list.Kept.Select(k => new KeptNeighbourResponse(k.Input, k.Before, list.Holds(k))).ToList());
    }

    private static async Task<NeighbourResponse> MarkAsync(string model, int id, int neighbourId, MarkNeighbourRequest request, ClaimsPrincipal user,
        ModelRegistry registry, NeighbourReview review)
    {
        if (!Enum.TryParse<NeighbourVerdict>(request.Verdict?.Trim(), ignoreCase: true, out var verdict) || int.TryParse(request.Verdict, out _))
            throw new ArgumentException($"'verdict' must be one of {string.Join(", ", Enum.GetNames<NeighbourVerdict>())}; got '{request.Verdict}'.");
        return ToResponse(await review.MarkAsync(registry.Resolve(model).Name, id, neighbourId, verdict, user));
    }

    private static async Task<IResult> RetrainAsync(string model, int id, ClaimsPrincipal user, ModelRegistry registry, NeighbourReview review)
    {
        var name = registry.Resolve(model).Name;
        var message = await review.RetrainAsync(name, id, user);
        var url = $"/api/corrections/{id}";
        return Results.Accepted(url, new RetrainResponse(id, nameof(CorrectionStatus.Queued), message, url, $"/api/models/{name}/corrections/{id}/neighbours"));
    }

    private static NeighbourResponse ToResponse(NeighbourChange n) =>
        new(n.Id, n.Input, n.Before, n.After, n.PatchId, n.PreActivation, n.Verdict.ToString(), n.MarkedBy, n.MarkedAt);
}
