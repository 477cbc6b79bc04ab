namespace FracCluster.Silo.Api;

/// <summary>Requires a valid API key on write endpoints: 401 without one, 403 with a wrong one.</summary>
public sealed class ApiKeyEndpointFilter(ApiKeyStore keys) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var candidate = ApiKeyStore.FromRequest(context.HttpContext.Request);
        if (candidate is null)
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required", detail: $"Send the key in the {ApiKeyStore.HeaderName} header.");
        if (!keys.IsValid(candidate))
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Wrong API key");
        return await next(context);
    }
}
