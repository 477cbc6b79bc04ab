namespace FracCluster.Cluster.Tests.Infrastructure;

/// <summary>Polling with a timeout, for conditions that have no event to wait on.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        Exception? last = null;
        while (true)
        {
            try
            {
                if (await condition())
                    return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Not yet (a silo that just started is not known everywhere for a moment); the last one is reported.
                last = ex;
            }
            try
            {
                await Task.Delay(50, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds} s waiting for {what}." + (last is null ? "" : $" Last error: {last.GetType().Name}: {last.Message}"), last);
            }
        }
    }
}
