using Microsoft.Extensions.Options;

namespace FracCluster.Silo.Web;

/// <summary>
/// The web UI's pages and its sign-in: <c>/ui/</c> (the single page: worklist, cluster, training), <c>/ui/login</c>,
/// <c>/ui/logout</c> and <c>/ui/assets/*</c>. Pages carry a strict Content-Security-Policy (own origin only).
/// </summary>
public static partial class WebUiEndpoints
{
    public const string Root = "/ui";
    public const string LoginPath = "/ui/login";

    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    public static IEndpointRouteBuilder MapWebUiPages(this IEndpointRouteBuilder app)
    {
        // Routing matches "/ui" and "/ui/" alike: one endpoint serves both.
        app.MapGet(Root + "/", (HttpContext http, UiSessions sessions, UiAssets assets) =>
            sessions.IsSignedIn(http.Request) ? Page(http, assets.Get("index.html")) : Results.Redirect(LoginPath)).ExcludeFromDescription();
        app.MapGet(LoginPath, (HttpContext http, UiAssets assets) => Page(http, assets.Get("login.html"))).ExcludeFromDescription();
        app.MapPost(LoginPath, LoginAsync).DisableAntiforgery().ExcludeFromDescription();
        app.MapPost(Root + "/logout", (HttpContext http, UiSessions sessions) =>
        {
            sessions.SignOut(http);
            return SeeOther(http, LoginPath);
        }).DisableAntiforgery().ExcludeFromDescription();
        app.MapGet(Root + "/assets/{name}", (string name, HttpContext http, UiAssets assets) =>
        {
            if (assets.Find(name) is not { } asset || name.EndsWith(".html", StringComparison.Ordinal))
                return Results.NotFound();
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Bytes(asset.Bytes, asset.ContentType, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue(asset.ETag));
        }).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The form posts the key; a good key gets the session cookie and the worklist, a wrong one the form again with a
    /// message (303 both ways, so reloading does not post the key twice). Wrong keys are logged with the client address.
    /// </summary>
    private static async Task<IResult> LoginAsync(HttpContext http, Api.ApiKeyStore keys, UiSessions sessions, ILoggerFactory loggers)
    {
        var key = http.Request.HasFormContentType ? (await http.Request.ReadFormAsync(http.RequestAborted))["key"].ToString() : null;
        var logger = loggers.CreateLogger(typeof(WebUiEndpoints));
        if (keys.Authenticate(key) is not { IsOperator: true })
        {
            LogSignInRefused(logger, http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            return SeeOther(http, LoginPath + "?failed=1");
        }
        sessions.SignIn(http);
        LogSignedIn(logger, http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return SeeOther(http, Root + "/");
    }

    private static IResult SeeOther(HttpContext http, string location)
    {
        http.Response.Headers.Location = location;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static IResult Page(HttpContext http, UiAsset page)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        return Results.Bytes(page.Bytes, page.ContentType);
    }

    [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "Web UI: signed in from {Client}")]
    private static partial void LogSignedIn(ILogger logger, string client);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Warning, Message = "Web UI: sign-in with a wrong key from {Client}")]
    private static partial void LogSignInRefused(ILogger logger, string client);
}
