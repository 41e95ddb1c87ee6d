using System.Reflection;
using PatcherPortal.Engine.Editing;
using PatcherPortal.Engine.Models.Gpt2;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Editing.Baselines;

public sealed class TempProbe(ITestOutputHelper output)
{
    private void Check(EditableGenerator gen, string when)
    {
        var model = gen.LanguageModel.Model;
        var named = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var lines = new List<string>();
        for (var i = 0; i < model.transformer.h.Count; i++)
        {
            var attn = model.transformer.h[i].attn;
            foreach (var name in new[] { "c_attn", "c_proj" })
            {
                var conv = (Conv1D)typeof(Gpt2Attention).GetField(name, BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(attn)!;
                foreach (var (pn, p) in new[] { ("weight", conv.weight), ("bias", conv.bias) })
                {
                    string valid; try { _ = p.Handle; valid = "ok"; } catch { valid = "INVALID"; }
                    var key = $"transformer.h.{i}.attn.{name}.{pn}";
                    lines.Add($"{key}: {valid} same={ReferenceEquals(named[key], p)}");
                }
            }
        }
        output.WriteLine($"{when}: " + string.Join(" | ", lines.Where(l => l.Contains("INVALID") || l.Contains("same=False"))));
    }

    [Fact]
    public void Probe()
    {
        var tests = new BaselineEditorTests(output);
        tests.FT_last_changes_only_the_last_feed_forward_layer();
        var gen = BaselineEditorTests.Generator;
        Check(gen, "after FT_last");
        tests.A_failed_fine_tuning_edit_leaves_the_model_exactly_as_it_was();
        Check(gen, "after A_failed");
        GC.Collect(); GC.WaitForPendingFinalizers();
        Check(gen, "after GC");
    }
}
