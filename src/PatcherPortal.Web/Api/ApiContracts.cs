namespace PatcherPortal.Web.Api;

/// <summary>Ask a model: task "qa" (a question) or "fc" (a claim).</summary>
public sealed record PredictRequest(string Task, string Input);

public sealed record PredictResponse(string Task, string Input, string Output, int ModelVersion, int ReviewItemId, IReadOnlyList<FiredPatchDto> FiredPatches);

public sealed record FiredPatchDto(Guid PatchId, double PreActivation, int? CorrectionId);

/// <summary>Report a wrong output with the right one ("SUPPORTS"/"REFUTES" for fc); the paraphrases must be fixed too.
/// The mistake recorded is the model's own current answer: <c>WrongOutput</c> is accepted for older callers and ignored.</summary>
public sealed record ReportRequest(string Task, string Input, string Target, string? WrongOutput = null, IReadOnlyList<string>? Paraphrases = null);

public sealed record ReportResponse(int CorrectionId, string Status, string StatusUrl);

public sealed record CorrectionStatusResponse(int CorrectionId, string Task, string Input, string Target, string Status, string? Message,
    int Steps, IReadOnlyList<PatchStatusResponse> Patches);

public sealed record PatchStatusResponse(Guid PatchId, int CorrectionId, string Status, int TrainedOnVersion, int? LiveInVersion,
    double EditActivation, double MaxMemoryActivation);

public sealed record ModelStatusResponse(string Task, string Name, bool Ready, int Version, int PatchCount, long Parameters, string Activity);

public sealed record DecisionRequest(string? Reason);

public sealed record RollbackRequest(int Version, string? Reason);

public sealed record MessageResponse(string Message);
