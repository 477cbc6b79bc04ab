using FracCluster.Silo.Web;

namespace FracCluster.Silo.Api;

/// <summary>
/// Requires a valid API key: 401 without one, 403 with a wrong one. A read (GET/HEAD) also passes with the web UI's
/// session cookie, so the operator's pages can show images and run artifacts; a write never does, so a page on another
/// site cannot use an operator's session to post to the API.
/// </summary>
public sealed class ApiKeyEndpointFilter(ApiKeyStore keys, UiSessions sessions) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var candidate = ApiKeyStore.FromRequest(request);
        if (candidate is null)
        {
            if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && sessions.IsSignedIn(request))
                return await next(context);
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required", detail: $"Send the key in the {ApiKeyStore.HeaderName} header.");
        }
        if (!keys.IsValid(candidate))
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Wrong API key");
        return await next(context);
    }
}
