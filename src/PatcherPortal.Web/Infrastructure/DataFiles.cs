namespace PatcherPortal.Web.Infrastructure;

/// <summary>Opens the files the portal writes into its data directory (patch files); tests swap in a full disk.</summary>
public class DataFiles
{
    public virtual Stream Create(string path) => new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
}
