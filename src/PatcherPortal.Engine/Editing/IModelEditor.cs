namespace PatcherPortal.Engine.Editing;

/// <summary>A sequential model editor: fixes one mistake at a time and answers with the edited model.</summary>
public interface IModelEditor : IDisposable
{
    string Name { get; }
    IEditableModel Model { get; }

    /// <summary>Parameters of the edited model, including anything the editor added (patches, caches).</summary>
    long ParameterCount { get; }

    EditOutcome Edit(EditRequest request, IProgress<EditProgress>? progress = null, CancellationToken cancellation = default);

    IReadOnlyList<string> Predict(IReadOnlyList<string> inputs);
}

public sealed record EditProgress(int Step, int MaxSteps, double Loss, double EditLoss, double ActivationLoss, double MemoryLoss);
