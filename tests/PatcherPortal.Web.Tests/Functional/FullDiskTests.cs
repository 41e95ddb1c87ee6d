using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PatcherPortal.Web.Api;
using PatcherPortal.Web.Auth;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Hosting;
using PatcherPortal.Web.Infrastructure;
using PatcherPortal.Web.Models;
using PatcherPortal.Web.Patching;
using PatcherPortal.Web.Tests.Support;

namespace PatcherPortal.Web.Tests.Functional;

/// <summary>When the disk fills up mid-write, the change is not made, the user is told, and no half-written file remains.</summary>
public sealed class FullDiskTests(FullDiskTests.Portal portal) : IClassFixture<FullDiskTests.Portal>, IAsyncLifetime
{
    public Task InitializeAsync() => portal.ReadyAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_patch_job_on_a_full_disk_fails_with_the_reason_and_keeps_no_patch_or_partial_file()
    {
        var id = await Seed.QueuedCorrectionAsync(portal, Facts.Question, Facts.Answer);

        await portal.Services.GetRequiredService<PatchJob>().RunAsync(id, CancellationToken.None);

        await using var db = await Seed.Databases(portal).CreateDbContextAsync();
        var correction = await db.Corrections.Include(c => c.Patches).SingleAsync(c => c.Id == id);
        Assert.Equal(CorrectionStatus.Failed, correction.Status);
        Assert.Equal("The patch could not be saved (No space left on device); the model is unchanged. Free disk space, then submit the correction again.",
            correction.Message);
        Assert.Empty(correction.Patches);
        Assert.True(portal.Disk.Refused > 0);
        Assert.False(File.Exists(portal.Services.GetRequiredService<PortalPaths>().EditFile("qa", id)));
        Assert.Empty(Seed.TemporaryFiles(portal));
    }

    [Fact]
    public async Task Approving_on_a_full_disk_is_refused_with_the_reason_and_the_model_keeps_its_version()
    {
        var admin = PortalClient.WithApiKey(portal, (await portal.Services.GetRequiredService<ApiKeys>().CreateAsync("ops", Roles.Admin, "test")).Secret);
        var (_, patchId) = await Seed.PendingPatchAsync(portal, "What is the capital of Peru?");
        var model = portal.Services.GetRequiredService<ModelRegistry>()["qa"];
        var version = model.Version;

        var response = await admin.PostAsJsonAsync($"/api/patches/{patchId}/approve", new { reason = "ok" });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("No space left on device", await response.Content.ReadAsStringAsync());
        Assert.Equal(version, model.Version);
        await using var db = await Seed.Databases(portal).CreateDbContextAsync();
        Assert.Equal(PatchStatus.Pending, (await db.Patches.FindAsync(patchId))!.Status);
        Assert.DoesNotContain(await db.ModelVersions.Where(v => v.Model == "qa").Select(v => v.Number).ToListAsync(), n => n > version);
        Assert.False(File.Exists(portal.Services.GetRequiredService<PortalPaths>().VersionFile("qa", version + 1)));
        Assert.Empty(Seed.TemporaryFiles(portal));
    }

    /// <summary>A portal whose disk fills up after the first kilobyte of every file it writes (the seeded files are written directly).</summary>
    public sealed class Portal : TestPortal
    {
        public FullDisk Disk { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<DataFiles>(Disk));
        }
    }

    public sealed class FullDisk : DataFiles
    {
        private int refused;
        public int Refused => refused;

        public override Stream Create(string path) => new FillingStream(base.Create(path), 1024, () => Interlocked.Increment(ref refused));
    }

    private sealed class FillingStream(Stream inner, long room, Action refused) : Stream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            var fits = (int)Math.Min(count, Math.Max(0, room - inner.Length));
            inner.Write(buffer, offset, fits);
            if (fits < count)
            {
                refused();
                throw new IOException("No space left on device");
            }
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
}
