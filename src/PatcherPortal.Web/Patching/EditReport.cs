using System.Text.Json;
using System.Text.Json.Serialization;

namespace PatcherPortal.Web.Patching;

/// <summary>An input's answer before and after an edit, and whether the answer after is the expected one.</summary>
public sealed record AnswerChange(string Input, string Expected, string Before, string After, bool Correct)
{
    public bool Changed => Before != After;
}

/// <summary>What an edit did, as shown with its correction: the edit and its paraphrases, and any past edit or retained example whose answer changed.</summary>
public sealed record EditReport(
    IReadOnlyList<AnswerChange> Inputs,
    int PastEditsChecked,
    IReadOnlyList<AnswerChange> PastEditsChanged,
    int RetainedChecked,
    IReadOnlyList<AnswerChange> RetainedChanged,
    IReadOnlyList<PatchFigures> Patches)
{
    /// <summary>A failed edit's count of wrong answer tokens when they outnumbered its patch limit: the limit a retry needs.</summary>
    public int? PatchesNeeded { get; init; }

    /// <summary>What a fixed edit's patches were trained towards; null in reports from before it was recorded.</summary>
    public PatcherPortal.Engine.Editing.EditBounds? Bounds { get; init; }

    /// <summary>How many neighbours (known inputs near the edit, the subject's other questions) the candidate was asked.</summary>
    public int NeighboursChecked { get; init; }

    /// <summary>Each neighbour with the answer the serving model gave before the edit: what the retain metrics measure the
    /// live edits' neighbourhood against (empty in reports from before it was recorded).</summary>
    public IReadOnlyList<PatcherPortal.Engine.Datasets.LabelledInput> NeighboursBefore { get; init; } = [];

    /// <summary>How many of them are among the retained examples too (counted once in the summary).</summary>
    public int NeighboursAlsoRetained { get; init; }

    /// <summary>Those it changed; kept in their own table (with the verdicts people give them), not in this report's JSON.</summary>
    [JsonIgnore]
    public IReadOnlyList<PatcherPortal.Engine.Editing.Neighbours.ChangedNeighbour> NeighboursChanged { get; init; } = [];

    /// <summary>Retained examples and neighbours together, each input once: how many were asked and how many changed.</summary>
    public (int Checked, int Changed) RetainedWithNeighbours(IEnumerable<string> neighboursChanged) =>
        (RetainedChecked + NeighboursChecked - NeighboursAlsoRetained,
         RetainedChanged.Count + neighboursChanged.Count(input => RetainedChanged.All(r => r.Input != input)));

    public string ToJson() => JsonSerializer.Serialize(this);

    public static EditReport? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<EditReport>(json);
}

public sealed record PatchFigures(Guid Id, double EditActivation, double? MaxMemoryActivation);
