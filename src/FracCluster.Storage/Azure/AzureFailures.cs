using System.Net.Sockets;
using Azure;

namespace FracCluster.Storage.Azure;

/// <summary>Sorts Azure SDK failures into "storage is down for now" (retry later, 503) and everything else.</summary>
internal static class AzureFailures
{
    public static bool IsNotFound(RequestFailedException ex) => ex.Status == 404;

    public static bool IsContainerNotFound(RequestFailedException ex) =>
        ex.Status == 404 && string.Equals(ex.ErrorCode, "ContainerNotFound", StringComparison.Ordinal);

    /// <summary>
    /// Network failures (status 0), timeouts, throttling and server errors. The SDK throws an <see cref="AggregateException"/>
    /// when every retry failed with an exception, so those are transient when all their inner exceptions are.
    /// </summary>
    public static bool IsTransient(Exception ex) => ex switch
    {
        RequestFailedException rfe => rfe.Status is 0 or 408 or 429 or >= 500,
        AggregateException agg => agg.InnerExceptions.Count > 0 && agg.InnerExceptions.All(IsTransient),
        HttpRequestException or SocketException or IOException or TimeoutException => true,
        // The SDK's per-try network timeout surfaces as a cancellation the caller did not ask for.
        OperationCanceledException => true,
        _ => false,
    };
}
