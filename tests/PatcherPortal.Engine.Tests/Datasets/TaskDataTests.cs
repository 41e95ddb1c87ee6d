using PatcherPortal.Engine.Datasets;

namespace PatcherPortal.Engine.Tests.Datasets;

public class TaskDataTests
{
    [Fact]
    public void Default_edit_set_is_cut_into_the_papers_twenty_folds_of_both_tasks()
    {
        var qa = TaskData.Default(EditDataset.QuestionAnswering);
        var fc = TaskData.Default(EditDataset.FactChecking);

        Assert.Equal(20, qa.Splits.EditFolds.Count);
        Assert.Equal(20, fc.Splits.EditFolds.Count);
        Assert.Equal(qa.Splits.Edit.Count, qa.Splits.EditFolds.Sum(f => f.Count));
    }

    [Fact]
    public void A_file_too_small_for_twenty_folds_gets_one_fold_per_edit_example_instead_of_an_error()
    {
        var examples = Enumerable.Range(0, 30).Select(i => new EditExample($"q{i}", $"question {i}?", $"a{i}", [], [])).ToList();

        var data = TaskData.FromDataset(new EditDataset("small", EditDataset.QuestionAnswering, examples));

        Assert.Equal(6, data.Splits.Edit.Count);
        Assert.Equal(6, data.Splits.EditFolds.Count);
        Assert.All(data.Splits.EditFolds, fold => Assert.Single(fold));
    }
}
