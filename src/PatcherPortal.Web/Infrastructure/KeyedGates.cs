using System.Collections.Concurrent;

namespace PatcherPortal.Web.Infrastructure;

/// <summary>One holder at a time per key (a model's name, a lock's resource), within this process.</summary>
public sealed class KeyedGates
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new();

    public Task<IDisposable> EnterAsync(string key, CancellationToken cancellation = default) =>
        EnterAsync(key, Timeout.InfiniteTimeSpan, cancellation);

    public async Task<IDisposable> EnterAsync(string key, TimeSpan timeout, CancellationToken cancellation = default)
    {
        var gate = gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(timeout, cancellation))
            throw new TimeoutException($"This process has held '{key}' for over {timeout}.");
        return new Entered(gate);
    }

    private sealed class Entered(SemaphoreSlim gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) gate.Release();
        }
    }
}
