using System.CommandLine;
using PatcherPortal.Cli.Input;
using PatcherPortal.Engine;
using PatcherPortal.Engine.Patching;

namespace PatcherPortal.Cli.Commands;

/// <summary>Answers with a model version outside the portal: a Hugging Face directory and, optionally, its patch file.</summary>
public static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<DirectoryInfo>("--model") { Description = "A Hugging Face model directory (a classifier or a question answerer, e.g. an exported model version)", Required = true };
        var patches = new Option<FileInfo?>("--patches") { Description = $"A patch file (safetensors) to apply; default: the directory's own {PatchFile.FileName}, if it has one" };
        var noPatches = new Option<bool>("--no-patches") { Description = "Answer with the base model alone, even if the directory has a patch file" };
        var inputs = new TextInputs("inputs", "Questions or claims to answer");
        var threads = new Option<int>("--threads") { Description = "libtorch intra-op threads", DefaultValueFactory = _ => 1 };
        var command = new Command("predict", "Answer with a (patched) model outside the portal: one line per input, the input, a tab, then the " +
            "answer (a classifier's label, a generator's greedy answer). Inputs come as arguments, from --file or from standard input, one per line.")
            { model, patches, noPatches, inputs.Arguments, inputs.File, threads };
        command.SetAction(result =>
        {
            TorchSharp.torch.set_num_threads(result.GetValue(threads));
            var texts = inputs.Read(result);
            if (texts.Count == 0) throw new ArgumentException("No inputs to answer.");
            var directory = result.GetValue(model)!.FullName;
            var patchFile = PatchFileFor(directory, result.GetValue(patches), result.GetValue(noPatches));
            using var patched = PatchedModel.Load(directory, patchFile, TorchDevice.Choose(logger: CliLogging.Logger));
            if (texts.Select((t, i) => patched.InputProblem(t) is { } problem ? $"input {i + 1} {problem}" : null).OfType<string>().ToList() is { Count: > 0 } problems)
                throw new ArgumentException($"{string.Join("; ", problems)}. Shorten them: inputs are never truncated.");
            result.InvocationConfiguration.Error.WriteLine(patchFile is null
                ? $"Answering with the base model in {directory} (no patches)."
                : $"Answering with {directory} and {patched.PatchCount} patches from {patchFile}.");
            var output = result.InvocationConfiguration.Output;
            foreach (var (input, answer) in texts.Zip(patched.Predict(texts)))
                output.WriteLine($"{input}\t{answer}");
        });
        return command;
    }

    private static string? PatchFileFor(string directory, FileInfo? given, bool none)
    {
        if (none && given is not null) throw new ArgumentException("Give --patches or --no-patches, not both.");
        if (none) return null;
        if (given is not null) return given.Exists ? given.FullName : throw new FileNotFoundException($"Patch file {given.FullName} does not exist.", given.FullName);
        var own = Path.Combine(directory, PatchFile.FileName);
        return File.Exists(own) ? own : null;
    }
}
