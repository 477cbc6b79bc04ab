namespace FracCluster.Silo.Api;

/// <summary>
/// The Orleans Dashboard has no authentication of its own: everything under its path needs an operator credential, as the
/// X-Api-Key header or as the password of HTTP Basic authentication (so a browser can prompt for it).
/// </summary>
public sealed class DashboardAuthMiddleware(RequestDelegate next, ApiKeyStore keys)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (keys.Authenticate(ApiKeyStore.FromRequest(context.Request)) is { IsOperator: true })
            return next(context);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"FracCluster dashboard\", charset=\"UTF-8\"";
        return Task.CompletedTask;
    }
}
