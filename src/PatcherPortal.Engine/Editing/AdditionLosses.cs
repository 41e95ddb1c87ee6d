using static TorchSharp.torch;

namespace PatcherPortal.Engine.Editing;

/// <summary>Loss terms this project adds to the paper's (<see cref="PaperLosses"/>), each switched by an option.
/// Contrastive inputs need no term of their own: they join the memory rows of l_m1 and l_m2 for one edit.</summary>
public static class AdditionLosses
{
    /// <summary>Tied positions (<see cref="PatcherOptions.TiePatchesToPositions"/>): S(a_other - β; k) over each
    /// generation patch's pre-activations on the edit's other answer rows, which ask for other tokens.</summary>
    public static Tensor TiedPositions(Tensor otherActivation, double beta, int topK) => PaperLosses.S(otherActivation - beta, topK);
}
