using PatcherPortal.Engine.Checkpoints;

namespace PatcherPortal.Engine.Tests.Checkpoints;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "atomic-file-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private string Target => Path.Combine(directory, "model.json");

    [Fact]
    public void A_write_that_fails_before_its_rename_leaves_the_previous_file_whole_and_no_temporary_file()
    {
        AtomicFile.WriteAllText(Target, "version 1");

        Assert.Throws<IOException>(() => AtomicFile.Write(Target, temporary => File.WriteAllText(temporary, "version 2, half"),
            beforeRename: _ => throw new IOException("disk gone")));

        Assert.Equal("version 1", File.ReadAllText(Target));
        Assert.Equal([Target], Directory.GetFiles(directory));
    }

    [Fact]
    public void The_new_content_replaces_the_old_only_once_complete()
    {
        AtomicFile.WriteAllText(Target, "version 1");
        string? seenDuringWrite = null;

        AtomicFile.Write(Target, temporary => File.WriteAllText(temporary, "version 2"), beforeRename: _ => seenDuringWrite = File.ReadAllText(Target));

        Assert.Equal(("version 1", "version 2"), (seenDuringWrite, File.ReadAllText(Target)));
    }

    [Fact]
    public void Leftovers_of_crashed_writes_are_removed_once_old_enough()
    {
        Directory.CreateDirectory(directory);
        var old = Path.Combine(directory, "v00002.safetensors.0123.tmp");
        var recent = Path.Combine(directory, "v00003.safetensors.4567.tmp");
        File.WriteAllText(old, "");
        File.WriteAllText(recent, "");
        File.WriteAllText(Target, "kept");
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddHours(-1));

        Assert.Equal(1, AtomicFile.RemoveLeftovers(directory, TimeSpan.FromMinutes(10)));

        Assert.Equal([Target, recent], Directory.GetFiles(directory).Order(StringComparer.Ordinal));
    }

    public void Dispose()
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}
