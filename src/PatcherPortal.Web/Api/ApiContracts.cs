namespace PatcherPortal.Web.Api;

/// <summary>Ask a model. <c>Model</c> names a registered model (the built-in ones: "qa" answers a question, "fc" labels a
/// claim); <c>Task</c> is the same field under its earlier name. <c>POST /api/models/{model}/predict</c> takes it from the route.</summary>
public sealed record PredictRequest(string? Input, string? Model = null, string? Task = null);

public sealed record PredictResponse(string Model, string Input, string Output, int ModelVersion, int ReviewItemId, IReadOnlyList<FiredPatchDto> FiredPatches)
{
    /// <summary>The model's name under the field earlier clients read.</summary>
    public string Task => Model;
}

public sealed record FiredPatchDto(Guid PatchId, double PreActivation, int? CorrectionId);

/// <summary>Report a wrong output with the right one (for a classifier, one of its labels); the paraphrases must be fixed too.
/// The mistake recorded is the model's own current answer: <c>WrongOutput</c> is accepted for older callers and ignored.
/// <c>Model</c> (or <c>Task</c>) as in <see cref="PredictRequest"/>.</summary>
public sealed record ReportRequest(string? Input, string? Target, string? WrongOutput = null, IReadOnlyList<string>? Paraphrases = null,
    string? Model = null, string? Task = null);

public sealed record ReportResponse(int CorrectionId, string Status, string StatusUrl);

public sealed record CorrectionStatusResponse(int CorrectionId, string Model, string Input, string Target, string Status, string? Message,
    int Steps, IReadOnlyList<PatchStatusResponse> Patches);

/// <param name="Kind">Neuron (Transformer-Patcher) or WeightDelta (MEND, KE: a change of the last feed-forward layer's
/// weights, without activations).</param>
public sealed record PatchStatusResponse(Guid PatchId, int CorrectionId, string Status, int TrainedOnVersion, int? LiveInVersion,
    double EditActivation, double MaxMemoryActivation, string Kind);

/// <summary>A registered model: what it is, where it came from and what it serves.</summary>
/// <param name="Model">Its name: the route segment of <c>/api/models/{model}/...</c>.</param>
/// <param name="Kind">"Classification" or "Generation".</param>
/// <param name="Labels">A classifier's labels (config.json's id2label), in id order.</param>
public sealed record ModelStatusResponse(string Model, string DisplayName, string? Description, string Kind, string InputLabel,
    IReadOnlyList<string> Labels, bool Ready, int Version, int PatchCount, long Parameters, string Activity, string? Source,
    DateTime CreatedAt, string CreatedBy, DateTime? RetiredAt, string? RetiredBy)
{
    /// <summary>The model's name under the field earlier clients read.</summary>
    public string Task => Model;
    public bool Retired => RetiredAt is not null;
}

public sealed record DecisionRequest(string? Reason);

public sealed record RollbackRequest(int Version, string? Reason);

public sealed record MessageResponse(string Message);
