using PatcherPortal.Engine.Import;
var g = OnnxGraph.Parse(MiniLmImporter.ReadResource(MiniLmImporter.OnnxResource));
foreach (var i in g.Initializers.Values) Console.WriteLine($"{i.Name} [{string.Join(",", i.Dims)}]");
Console.WriteLine(string.Join(",", g.Nodes.Select(n => n.OpType).Distinct()));
using var enc = MiniLmImporter.Import(TorchSharp.torch.CPU);
var e = enc.Embed(["the cat sat", "a cat was sitting", "stock prices fell"]);
Console.WriteLine($"{PatcherPortal.Engine.Inference.SentenceEncoder.Cosine(e[0], e[1])} {PatcherPortal.Engine.Inference.SentenceEncoder.Cosine(e[0], e[2])}");
