using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PatcherPortal.Web.Data;
using PatcherPortal.Web.Infrastructure;

namespace PatcherPortal.Web.Settings;

/// <summary>Settings admins change at run time, stored in the database; configuration gives their initial values.</summary>
public sealed class PortalSettings(IDbContextFactory<PortalDbContext> databases, IOptions<PortalOptions> options)
{
    public const string RequireApprovalKey = "patches.require-approval";

    private static string EditorKey(string modelName) => $"model.{modelName}.editor";

    /// <summary>The model's editor: the admins' choice, else <c>Portal:Editors:{model}</c>, else Transformer-Patcher.</summary>
    public async Task<ModelEditor> EditorAsync(string modelName, CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var setting = await db.Settings.FindAsync([EditorKey(modelName)], cancellation);
        return setting is not null ? ModelEditor.FromJson(setting.Value)
            : options.Value.Editors.GetValueOrDefault(modelName) ?? ModelEditor.Default;
    }

    /// <summary>Stores an editor already checked (<see cref="ModelEditor.Checked"/>); edits queued later use it.</summary>
    public async Task SetEditorAsync(string modelName, ModelEditor editor, string actor, CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var key = EditorKey(modelName);
        var setting = await db.Settings.FindAsync([key], cancellation);
        if (setting is null) db.Settings.Add(setting = new PortalSetting { Key = key, Value = "" });
        (setting.Value, setting.UpdatedAt, setting.UpdatedBy) = (editor.ToJson(), DateTime.UtcNow, actor);
        Audit.Audit.Record(db, actor, "settings.changed", $"Editor of {modelName}",
            details: editor.IsHyperNetwork ? $"{editor.Kind.ToUpperInvariant()} from {editor.Directory}" : "Transformer-Patcher");
        await db.SaveChangesAsync(cancellation);
    }

    public async Task<bool> RequireApprovalAsync(CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var setting = await db.Settings.FindAsync([RequireApprovalKey], cancellation);
        return setting is null ? options.Value.RequireApproval : bool.Parse(setting.Value);
    }

    public async Task SetRequireApprovalAsync(bool value, string actor, CancellationToken cancellation = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellation);
        var setting = await db.Settings.FindAsync([RequireApprovalKey], cancellation);
        if (setting is null) db.Settings.Add(setting = new PortalSetting { Key = RequireApprovalKey, Value = "" });
        (setting.Value, setting.UpdatedAt, setting.UpdatedBy) = (value.ToString(), DateTime.UtcNow, actor);
        Audit.Audit.Record(db, actor, "settings.changed", "Patch approval",
            details: value ? "New patches wait for an admin's approval." : "New patches serve as soon as they are trained.");
        await db.SaveChangesAsync(cancellation);
    }
}
