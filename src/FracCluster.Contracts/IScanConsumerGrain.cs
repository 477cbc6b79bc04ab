namespace FracCluster.Contracts;

/// <summary>The implicit subscriber of the <c>scans</c> stream of one scanner (key = scanner id).</summary>
[Alias("frac.IScanConsumerGrain")]
public interface IScanConsumerGrain : IGrainWithStringKey
{
    /// <summary>Scans this consumer handed to its silo's batcher.</summary>
    [Alias("GetForwarded")]
    Task<long> GetForwardedAsync();
}
