using System.Runtime.ExceptionServices;

namespace CrossMargin;

/// <summary>
/// The one data-parallel loop of the project: [0, count) cut into consecutive chunks of
/// <c>chunkSize</c> indices (the last one shorter), each chunk handed whole to one worker, so
/// per-chunk set-up (a scratch buffer, a batch inversion, the first power of a geometric
/// sequence) is paid once per chunk rather than once per index.
/// </summary>
/// <remarks>
/// Failures are deterministic: when chunks throw, the exception of the lowest chunk is rethrown
/// as it was (not an <see cref="AggregateException"/>), so a corrupt file always reports its first
/// fault, whatever the scheduling. Chunks after a failure may still run.
/// </remarks>
public static class ParallelChunks
{
    /// <summary>Calls <paramref name="body"/>(start, length) for every chunk, in parallel.</summary>
    /// <param name="count">Indices [0, count) are covered.</param>
    /// <param name="chunkSize">Indices per chunk (the last chunk may be shorter).</param>
    /// <param name="body">Called with each chunk's first index and length.</param>
    /// <param name="maxDegreeOfParallelism">-1 for every core.</param>
    public static void For(int count, int chunkSize, Action<int, int> body, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSize);
        var chunks = (int)(((long)count + chunkSize - 1) / chunkSize);
        if (chunks == 0) return;
        var failures = new Exception?[chunks];
        var failed = false;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, c =>
        {
            var start = c * chunkSize;
            try
            {
                body(start, Math.Min(chunkSize, count - start));
            }
            catch (Exception e)
            {
                failures[c] = e;
                Volatile.Write(ref failed, true);
            }
        });
        if (!failed) return;
        foreach (var failure in failures)
            if (failure is not null)
                ExceptionDispatchInfo.Capture(failure).Throw();
    }
}
