namespace FracCluster.AzureProfile.Tests.Infrastructure;

/// <summary>Polling with a timeout, for conditions in other processes that have no event to wait on.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? interval = null)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            try
            {
                if (await condition())
                    return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cts.IsCancellationRequested)
            {
                // Not up yet: keep polling.
            }
            try
            {
                await Task.Delay(interval ?? TimeSpan.FromMilliseconds(200), cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds} s waiting for {what}.");
            }
        }
    }
}
