using System.CommandLine;
using PatcherPortal.Engine.Datasets;

namespace PatcherPortal.Cli.Commands;

public static class CommonOptions
{
    public static Option<string> Task() => new("--task")
    {
        Description = "qa (question answering, generation) or fc (fact checking, classification)", Required = true,
        Validators = { r => { if (r.GetValueOrDefault<string>() is not ("qa" or "fc")) r.AddError("--task must be qa or fc"); } },
    };

    public static Option<string> Data() => new("--data")
    {
        Description = "default (the shipped country facts) or a zsRE / CounterFact / FEVER-KILT file", DefaultValueFactory = _ => "default",
    };

    public static Option<int> Seed() => new("--seed") { Description = "Split seed", DefaultValueFactory = _ => TaskData.DefaultSeed };

    public static Option<int> Folds() => new("--folds") { Description = "Edit-set folds", DefaultValueFactory = _ => TaskData.DefaultFolds };

    public static Option<SplitFractions> Split() => new("--split")
    {
        Description = $"Train, validation and edit fractions of the data, the test set being the rest (default {SplitFractions.Default}); train and bench of one model need the same --split and --seed",
        DefaultValueFactory = _ => SplitFractions.Default,
        CustomParser = r =>
        {
            var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
            try { return SplitFractions.Parse(text); }
            catch (FormatException e) { r.AddError($"--split: {e.Message}"); return SplitFractions.Default; }
        },
    };

    public static TaskData Load(string task, string data, int seed, int folds, SplitFractions? split = null)
    {
        if (data == "default") return TaskData.Default(task, seed, folds, split);
        var dataset = DatasetReader.Read(data);
        if (dataset.Task != task)
            throw new ArgumentException($"{data} is a '{dataset.Task}' dataset, not '{task}'.");
        return TaskData.FromDataset(dataset, seed, folds, split);
    }
}
