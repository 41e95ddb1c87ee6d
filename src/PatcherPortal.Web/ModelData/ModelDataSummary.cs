namespace PatcherPortal.Web.ModelData;

/// <summary>What a model's data gives: the memory (inputs its patches stay silent on), the keep set (TrainR, TestR,
/// replay), whether the editor trains with paraphrase shifts, and the figures it cannot compute, with why.</summary>
public sealed record ModelDataSummary(string Model, string? File, int? Examples, int MemoryInputs, int KeepTrain, int KeepTest,
    int ReplayInputs, bool ParaphraseShifts, IReadOnlyList<MissingFigureResponse> Missing);

public sealed record MissingFigureResponse(string Name, string Reason);

public sealed record KeepAnswerRequest(int ReviewItemId);
