using System.CommandLine;
using PatcherPortal.Cli.Commands;

var root = new RootCommand("Patcher Portal command line: build data, train base models, run model-editing benchmarks.")
{
    ModelCommands.ImportMiniLm(),
    ModelCommands.Similarity(),
    DataCommand.Create(),
    TrainCommand.Create(),
    BenchCommand.Create(),
    TrainEditorCommand.Create(),
    OverheadCommand.Create(),
    ModelBenchCommand.Create(),
    ConsolidateBenchCommand.Create(),
    PredictCommand.Create(),
    PortalModelsCommand.Create(),
};
return await PatcherPortal.Cli.CliInvocation.InvokeAsync(root.Parse(args));
