using PatcherPortal.Engine.Benchmarks;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Editing.Baselines;
using PatcherPortal.Engine.Tests.Editing;
using PatcherPortal.Engine.Training;

namespace PatcherPortal.Engine.Tests.Benchmarks;

public sealed class NeighbourhoodRetainTests
{
    private static EditExample Claim(LabelledInput c, int i) => new($"claim-{i}", c.Input, c.Target, [], []);

    /// <summary>A tiny fact checker, the claims it knows, a stream of twelve it does not, and six known claims (with their
    /// labels as the dataset's answers) as each stream claim's neighbours.</summary>
    private static (EditableClassifier F0, IReadOnlyList<LabelledInput> Known, List<EditExample> Stream,
        Dictionary<string, IReadOnlyList<LabelledInput>> ByExample) TwelveClaimsWithSixNeighboursEach()
    {
        var f0 = new EditableClassifier(TinyBaseModels.FactChecker(TinyEditables.Claims(TinyEditables.Known)));
        var known = TinyEditables.Claims(TinyEditables.Known);
        var stream = TinyEditables.Claims(TinyEditables.Unknown).Take(12).Select(Claim).ToList();
        var byExample = stream.Select((e, i) => (e.Id, Probes: (IReadOnlyList<LabelledInput>)known.Skip(3 * i).Take(6).Select(k => new LabelledInput(k.Input, k.Target)).ToList()))
            .ToDictionary(p => p.Id, p => p.Probes);
        return (f0, known, stream, byExample);
    }

    /// <summary>Full fine-tuning at a large rate moves every answer: an edit's neighbours change with it.</summary>
    private static EditorRunResult FineTunedAtALargeRate(EditableClassifier f0, IReadOnlyList<LabelledInput> known,
        List<EditExample> stream, Neighbourhood neighbourhood)
    {
        var baseline = Baseline.Measure(f0, [], []) with { Neighbours = neighbourhood };
        using var editor = EditorFactory.Create("ft-all", f0, new EditorResources(known)
            { FineTune = new FineTuneOptions { LearningRate = 0.05, MaxSteps = 1 } });
        return SequentialEditingRun.Run(editor, "fold 1", stream, baseline, new BenchmarkOptions { SeriesEvery = 0 });
    }

    [Fact]
    public void The_neighbourhood_retain_counts_every_neighbour_an_edit_changed_and_the_report_lists_them()
    {
        var (f0, known, stream, byExample) = TwelveClaimsWithSixNeighboursEach();
        var neighbourhood = Neighbourhood.Measure(f0, byExample);
        var run = FineTunedAtALargeRate(f0, known, stream, neighbourhood);

        Assert.True(run.Edits > 0);
        Assert.Equal(run.Edits * 6, run.NeighbourChecks);
        Assert.NotEmpty(run.ChangedNeighbours);
        Assert.All(run.ChangedNeighbours, c =>
        {
            Assert.Equal(neighbourhood.Before[c.Input], c.Before);
            Assert.False(f0.Matches(c.After, c.Before));
            Assert.Contains(c.Input, byExample[c.EditId].Select(p => p.Input));
        });
        var changedRightAfter = run.ChangedNeighbours.Count(c => !c.AtEnd);
        Assert.Equal(1 - changedRightAfter / (double)run.NeighbourChecks, run.NR, precision: 12);
        Assert.True(run.NR < 1 && run.NREnd < 1, $"NR {run.NR}, NR end {run.NREnd}");
        var report = new BenchmarkReport("fc", "tiny", "", DateTime.UtcNow, TimeSpan.Zero, new BenchmarkOptions(), "cpu", 1, [run], 0);
        Assert.Contains($"Neighbours changed (what NR and NR end lost): {run.ChangedNeighbours.Count}", report.ToMarkdown());
        var first = run.ChangedNeighbours[0];
        Assert.Contains($"\"{first.Input}\" answers \"{first.After}\", not \"{first.Before}\"", report.ToMarkdown());
    }

    [Fact]
    public void A_neighbour_that_changes_to_the_datasets_answer_is_lost_to_NR_but_not_counted_wrong()
    {
        // Two labels: a neighbour that changes takes the other one. Half the neighbours are given the label f0 does not
        // answer as their dataset answer, so changing to it corrects them; the other half are broken by any change.
        var (f0, known, stream, byExample) = TwelveClaimsWithSixNeighboursEach();
        var measured = Neighbourhood.Measure(f0, byExample);
        var labels = known.Select(k => k.Target).Distinct().ToList();
        var correctedByChange = measured.Before.Keys.Where((_, i) => i % 2 == 0).ToHashSet();
        var neighbourhood = measured with { Expected = measured.Before.ToDictionary(p => p.Key,
            p => correctedByChange.Contains(p.Key) ? labels.First(l => !f0.Matches(p.Value, l)) : p.Value) };
        var run = FineTunedAtALargeRate(f0, known, stream, neighbourhood);

        Assert.Contains(run.ChangedNeighbours, c => c.ToDatasetAnswer);
        Assert.Contains(run.ChangedNeighbours, c => !c.ToDatasetAnswer);
        Assert.All(run.ChangedNeighbours, c => Assert.Equal(correctedByChange.Contains(c.Input), c.ToDatasetAnswer));
        Assert.True(run.NRNotWrong > run.NR, $"NR {run.NR}, not wrong {run.NRNotWrong}");
        Assert.True(run.NRNotWrong < 1, "the neighbours whose dataset answer is f0's are broken by any change");
        Assert.True(run.NREndNotWrong >= run.NREnd);
        var report = new BenchmarkReport("fc", "tiny", "", DateTime.UtcNow, TimeSpan.Zero, new BenchmarkOptions(), "cpu", 1, [run], 0);
        var corrected = run.ChangedNeighbours.First(c => c.ToDatasetAnswer);
        Assert.Contains($"\"{corrected.Input}\" answers \"{corrected.After}\", not \"{corrected.Before}\" (", report.ToMarkdown());
        Assert.Contains("now the dataset's answer", report.ToMarkdown());
    }

    [Fact]
    public void A_streams_own_inputs_are_never_scored_as_neighbours()
    {
        var stream = new[] { new EditExample("a", "Question A?", "x", ["Question A again?"], []), new EditExample("b", "Question B?", "y", [], []) };
        var neighbourhood = new Neighbourhood(new Dictionary<string, IReadOnlyList<string>> { ["a"] = ["Question B?", "Question A again?", "Question C?"] },
            new Dictionary<string, string>());

        Assert.Equal(["Question C?"], neighbourhood.Of(stream[0], Neighbourhood.Inputs(stream)));
    }

    [Fact]
    public void Datasets_with_locality_probes_score_those_probes()
    {
        var data = new TaskData("qa", "probes", new Splits([], [], [], [], []));
        var edit = new EditExample("cf-1", "BBC One is owned by", "BBC", ["BBC One, owned by"], [new LabelledInput("BBC Radio, by", "BBC")]);

        var neighbours = NeighbourSets.For(data, [edit], TinyEditables.Generator());

        Assert.Equal([new LabelledInput("BBC Radio, by", "BBC")], neighbours["cf-1"]);
    }

    [Fact]
    public void On_the_default_data_an_edits_neighbours_are_its_subjects_other_relations_and_the_same_relation_of_the_nearest_subjects()
    {
        var data = TaskData.Default(EditDataset.QuestionAnswering);
        var all = data.Splits.Train.Concat(data.Splits.Val).Concat(data.Splits.Edit).Concat(data.Splits.Test).ToList();
        var zambia = all.Single(e => e.Input == "What is the capital of Zambia?");

        var neighbours = NeighbourSets.For(data, [zambia], TinyEditables.Generator())[zambia.Id];

        var facts = neighbours.Select(n => all.Single(e => e.Input == n.Input && e.Target == n.Target)).ToList();
        Assert.Equal(["calling-code", "continent", "currency", "language"], facts.Where(f => f.Subject == "Zambia").Select(f => f.Relation!).Order());
        var others = facts.Where(f => f.Subject != "Zambia").ToList();
        Assert.Equal(NeighbourSets.NearestSubjects, others.Count);
        Assert.All(others, f => Assert.Equal("capital", f.Relation));
        Assert.DoesNotContain(zambia.Input, neighbours.Select(n => n.Input));
    }
}
