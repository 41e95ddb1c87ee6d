using Microsoft.Extensions.Logging;
using TorchSharp;

namespace PatcherPortal.Engine;

/// <summary>Chooses where tensors live: CUDA when the CUDA libtorch is referenced and a GPU is present, else CPU.</summary>
public static class TorchDevice
{
    public static torch.Device Choose(string? preference = null, ILogger? logger = null)
    {
        var wanted = (preference ?? "auto").ToLowerInvariant();
        var cuda = wanted != "cpu" && torch.cuda.is_available();
        if (wanted == "cuda" && !cuda)
            logger?.LogWarning("CUDA was requested but is not available; using the CPU.");
        var device = cuda ? torch.CUDA : torch.CPU;
        logger?.LogInformation("Torch device: {Device} (libtorch threads: {Threads})", device.type, torch.get_num_threads());
        return device;
    }
}
