namespace FracCluster.Silo.Security;

/// <summary>The credential an endpoint filter matched for this request.</summary>
public static class HttpCallerExtensions
{
    private static readonly object Key = typeof(ApiCredential);

    /// <summary>The caller; only on endpoints behind a credential filter (it is never null there).</summary>
    public static ApiCredential Caller(this HttpContext http) =>
        http.Items.TryGetValue(Key, out var value) && value is ApiCredential credential
            ? credential
            : throw new InvalidOperationException("This endpoint has no credential filter.");

    internal static void SetCaller(this HttpContext http, ApiCredential credential) => http.Items[Key] = credential;
}
