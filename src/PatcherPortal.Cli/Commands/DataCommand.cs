using System.CommandLine;
using PatcherPortal.Engine.Datasets;

namespace PatcherPortal.Cli.Commands;

public static class DataCommand
{
    public static Command Create() => new("data", "Datasets: rebuild the default one, inspect any supported file")
    {
        BuildDefault(),
        Inspect(),
    };

    private static Command BuildDefault()
    {
        var source = new Option<DirectoryInfo>("--source") { Description = "Folder with the countries-list JSON files", DefaultValueFactory = _ => new DirectoryInfo("src/PatcherPortal.Engine/Datasets/Default/source") };
        var output = new Option<FileInfo>("--output") { Description = "The facts file to write", DefaultValueFactory = _ => new FileInfo("src/PatcherPortal.Engine/Datasets/Default/country-facts.json") };
        var command = new Command("build-default", "Rebuild the default country-facts dataset from the countries-list (MIT) source files") { source, output };
        command.SetAction(result =>
        {
            var facts = CountryFactsBuilder.BuildFile(result.GetValue(source)!.FullName, result.GetValue(output)!.FullName).Facts;
            Console.WriteLine($"{facts.Count} facts, {facts.Sum(f => 1 + f.Rephrases.Count)} questions, {facts.Sum(f => f.Claims.Count)} claims -> {result.GetValue(output)!.FullName}");
        });
        return command;
    }

    private static Command Inspect()
    {
        var file = new Argument<FileInfo>("file") { Description = "A zsRE, CounterFact or FEVER-KILT file" };
        var split = CommonOptions.Split();
        var command = new Command("inspect", "Read a dataset file (reporting malformed rows) and show its size and splits") { file, split };
        command.SetAction(result =>
        {
            var dataset = DatasetReader.Read(result.GetValue(file)!.FullName);
            var data = TaskData.FromDataset(dataset, fractions: result.GetValue(split));
            Console.WriteLine($"{dataset.Name}: {dataset.Examples.Count} examples ({dataset.Task}); train {data.Splits.Train.Count}, val {data.Splits.Val.Count}, edit {data.Splits.Edit.Count} in {data.Splits.EditFolds.Count} folds, test {data.Splits.Test.Count}");
        });
        return command;
    }
}
