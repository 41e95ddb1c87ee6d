using System.IO.Compression;
using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Datasets;
using PatcherPortal.Engine.Inference;
using PatcherPortal.Engine.Patching;
using PatcherPortal.Engine.Tokenization;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Checkpoints;

public sealed class ModelVersionExportTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("version-export-").FullName;
    private readonly string baseDirectory;
    private readonly string patchFile;

    public ModelVersionExportTests()
    {
        baseDirectory = Path.Combine(root, "base");
        patchFile = Path.Combine(root, "v7.safetensors");
        using var classifier = new SequenceClassifier(TinyModels.RandomBertClassifier(), BertWordPieceTokenizer.FromVocabulary(
            ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "paris", "is", "the", "capital", "of", "france", "italy", "."]));
        classifier.Save(baseDirectory);
        using var scope = NewDisposeScope();
        manual_seed(5);
        // Strong patches that fire on everything, so the exported version answers differently from its base.
        PatchFile.Save(patchFile, Enumerable.Range(0, 2).Select(_ => new Patch(Guid.NewGuid(), zeros(32), tensor(10f), randn(32) * 50)).ToList());
    }

    [Fact]
    public void A_version_exported_as_a_zip_unpacks_to_the_base_files_and_its_patches_and_answers_as_the_version()
    {
        var zip = Path.Combine(root, "v7.zip");
        using (var stream = File.Create(zip)) ModelVersionExport.WriteZip(baseDirectory, patchFile, stream);
        var unpacked = Path.Combine(root, "unpacked");
        ZipFile.ExtractToDirectory(zip, unpacked);

        Assert.Equal(Directory.GetFiles(baseDirectory).Select(Path.GetFileName).Append(PatchFile.FileName).Order(),
            Directory.GetFiles(unpacked).Select(Path.GetFileName).Order());
        using var exported = PatchedModel.Load(unpacked, Path.Combine(unpacked, PatchFile.FileName), CPU);
        using var version = PatchedModel.Load(baseDirectory, patchFile, CPU);
        using var original = PatchedModel.Load(baseDirectory, null, CPU);
        string[] claims = ["paris is the capital of france .", "paris is the capital of italy .", "italy is the capital of paris ."];
        Assert.Equal(2, exported.PatchCount);
        Assert.Equal(version.Predict(claims), exported.Predict(claims));
        Assert.Equal(version.Editable.RowLogits(claims.Select(c => new LabelledInput(c, "SUPPORTS")).ToList()).Logits.data<float>().ToArray(),
            exported.Editable.RowLogits(claims.Select(c => new LabelledInput(c, "SUPPORTS")).ToList()).Logits.data<float>().ToArray());
        Assert.NotEqual(original.Editable.RowLogits(claims.Select(c => new LabelledInput(c, "SUPPORTS")).ToList()).Logits.data<float>().ToArray(),
            exported.Editable.RowLogits(claims.Select(c => new LabelledInput(c, "SUPPORTS")).ToList()).Logits.data<float>().ToArray());
    }

    [Fact]
    public void Exporting_over_a_directory_that_holds_files_or_from_a_missing_patch_file_writes_nothing()
    {
        var occupied = Directory.CreateDirectory(Path.Combine(root, "occupied")).FullName;
        File.WriteAllText(Path.Combine(occupied, "notes.txt"), "mine");
        var fresh = Path.Combine(root, "fresh");

        var overwrite = Assert.Throws<IOException>(() => ModelVersionExport.WriteDirectory(baseDirectory, patchFile, occupied));
        var missing = Assert.Throws<CheckpointException>(() => ModelVersionExport.WriteDirectory(baseDirectory, Path.Combine(root, "gone.safetensors"), fresh));

        Assert.Contains("not empty", overwrite.Message);
        Assert.Equal(["notes.txt"], Directory.GetFiles(occupied).Select(Path.GetFileName));
        Assert.Contains("gone.safetensors", missing.Message);
        Assert.False(Directory.Exists(fresh));
        Assert.Equal(["base", "occupied", "v7.safetensors"], Directory.GetFileSystemEntries(root).Select(Path.GetFileName).Order());
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
