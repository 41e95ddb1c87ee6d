using PatcherPortal.Engine.Checkpoints;
using PatcherPortal.Engine.Patching;
using TorchSharp;
using static TorchSharp.torch;

namespace PatcherPortal.Engine.Tests.Patching;

public sealed class PatchFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("patch-file-").FullName;
    private string PatchPath => Path.Combine(directory, PatchFile.FileName);

    [Fact]
    public void A_patched_model_reloads_from_its_patch_file_to_identical_outputs()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var model = TinyModels.RandomGpt2();
        foreach (var _ in Enumerable.Range(0, 3)) model.LastFeedForward.Patches.Add(new Patch(Guid.NewGuid(), randn(32), randn(1)[0], randn(32)));
        PatchFile.Save(PatchPath, model.LastFeedForward.Patches.Patches);

        var reloaded = TinyModels.RandomGpt2();
        foreach (var patch in PatchFile.Load(PatchPath, 32)) reloaded.LastFeedForward.Patches.Add(patch);
        var ids = TinyModels.RandomIds(2, 6, TinyModels.Gpt2.VocabSize);
        Assert.True(model.call(ids, ones_like(ids)).equal(reloaded.call(ids, ones_like(ids))).all().item<bool>());
        Assert.Equal(model.LastFeedForward.Patches.Patches.Select(p => p.Id), reloaded.LastFeedForward.Patches.Patches.Select(p => p.Id));
    }

    [Fact]
    public void A_patch_file_for_another_model_size_is_refused()
    {
        using var scope = NewDisposeScope();
        PatchFile.Save(PatchPath, [new Patch(Guid.NewGuid(), randn(16), tensor(0f), randn(16))]);
        var error = Assert.Throws<CheckpointException>(() => PatchFile.Load(PatchPath, 32));
        Assert.Contains("dimension 16", error.Message);
    }

    [Fact]
    public void A_truncated_patch_file_is_refused_naming_it()
    {
        using var scope = NewDisposeScope();
        PatchFile.Save(PatchPath, [new Patch(Guid.NewGuid(), randn(32), tensor(0f), randn(32))]);
        File.WriteAllBytes(PatchPath, File.ReadAllBytes(PatchPath)[..40]);
        Assert.Contains(PatchPath, Assert.Throws<CheckpointException>(() => PatchFile.Load(PatchPath, 32)).Message);
    }

    [Fact]
    public void A_save_that_runs_out_of_disk_keeps_the_previous_file_and_leaves_no_partial_one()
    {
        using var scope = NewDisposeScope();
        var kept = new Patch(Guid.NewGuid(), randn(32), tensor(0f), randn(32));
        PatchFile.Save(PatchPath, [kept]);
        var before = File.ReadAllBytes(PatchPath);

        var error = Assert.Throws<IOException>(() => PatchFile.Save(PatchPath, [kept, new Patch(Guid.NewGuid(), randn(32), tensor(0f), randn(32))],
            path => new FullAfter(File.Create(path), 100)));

        Assert.Equal("No space left on device", error.Message);
        Assert.Equal(before, File.ReadAllBytes(PatchPath));
        Assert.Equal([PatchPath], Directory.GetFiles(directory));
        Assert.Equal(kept.Id, Assert.Single(PatchFile.Load(PatchPath, 32)).Id);
    }

    /// <summary>A file on a disk with <paramref name="room"/> bytes free.</summary>
    private sealed class FullAfter(FileStream inner, long room) : Stream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            if (inner.Length + count > room) throw new IOException("No space left on device");
            inner.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);
        public override void Flush() => inner.Flush();
        protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
