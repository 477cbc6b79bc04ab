namespace FracCluster.Silo.Web;

/// <summary>The web UI's own data endpoints: a signed-in session (the cookie) or 401, so the page can send the user to the sign-in form.</summary>
public sealed class UiSessionEndpointFilter(UiSessions sessions) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        sessions.IsSignedIn(context.HttpContext.Request)
            ? await next(context)
            : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in required", detail: "Sign in at /ui/login with the API key.");
}
