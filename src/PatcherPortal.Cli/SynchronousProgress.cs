namespace PatcherPortal.Cli;

/// <summary>Reports on the calling thread (Progress&lt;T&gt; posts to the thread pool, which reorders console lines).</summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
