using FracCluster.Silo.Security;
using FracCluster.Silo.Web;

namespace FracCluster.Silo.Api;

/// <summary>
/// Requires a credential: 401 without one, 403 with a key that matches none (or, where <see cref="Required"/> says so,
/// a credential of another role). The caller is then <see cref="HttpCallerExtensions.Caller"/>. A read (GET/HEAD) also
/// passes with the web UI's session cookie, as the operator who signed in; a write never does, so a page on another
/// site cannot use an operator's session to post to the API.
/// </summary>
public abstract class CredentialEndpointFilter(ApiKeyStore keys, UiSessions sessions) : IEndpointFilter
{
    private static readonly ApiCredential WebSession = new("web-ui-session", ApiRole.Operator, new HashSet<string>());

    /// <summary>The role the endpoint needs; null for any credential.</summary>
    protected abstract ApiRole? Required { get; }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var request = http.Request;
        var candidate = ApiKeyStore.FromRequest(request);
        ApiCredential? caller;
        if (candidate is null)
        {
            if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || !sessions.IsSignedIn(request))
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "API key required", detail: $"Send the key in the {ApiKeyStore.HeaderName} header.");
            caller = WebSession;
        }
        else
        {
            caller = keys.Authenticate(candidate);
            if (caller is null)
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Wrong API key");
        }
        if (Required is { } role && caller.Role != role)
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: $"{role}Required", detail: $"Credential '{caller.Name}' is a {caller.Role} credential; this needs an {role} credential.");
        http.SetCaller(caller);
        return await next(context);
    }
}

/// <summary>Any valid credential; the endpoint itself limits a scanner credential to its own scanner ids.</summary>
public sealed class ApiKeyEndpointFilter(ApiKeyStore keys, UiSessions sessions) : CredentialEndpointFilter(keys, sessions)
{
    protected override ApiRole? Required => null;
}

/// <summary>An operator credential only (models, training, everything that shows other scanners' data).</summary>
public sealed class OperatorEndpointFilter(ApiKeyStore keys, UiSessions sessions) : CredentialEndpointFilter(keys, sessions)
{
    protected override ApiRole? Required => ApiRole.Operator;
}
