using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FracCluster.Silo.Api;
using Microsoft.Extensions.Options;

namespace FracCluster.Silo.Web;

/// <summary>
/// Sign-in sessions of the web pages: a browser cannot put the API key on an EventSource or an image request, so
/// <c>POST /ui/login</c> trades the key for a cookie. The cookie is self-contained (expiry and nonce, signed with a
/// secret derived from the API key): every silo of the cluster accepts it without shared session state, and
/// rotating the key signs everyone out. HttpOnly keeps it from scripts, SameSite=Strict from other sites' requests.
/// </summary>
public sealed class UiSessions(ApiKeyStore keys, IOptions<WebUiOptions> options, TimeProvider time)
{
    public const string CookieName = "frac_session";

    private readonly byte[] _secret = keys.DeriveSecret("FracCluster web UI session v1");

    public TimeSpan Lifetime { get; } = TimeSpan.FromHours(options.Value.SessionHours);

    /// <summary>A new session token, valid for <see cref="Lifetime"/>.</summary>
    public string Issue()
    {
        var expires = time.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = Base64Url(RandomNumberGenerator.GetBytes(16));
        var payload = $"{expires}.{nonce}";
        return $"{payload}.{Sign(payload)}";
    }

    public bool IsValid(string? token)
    {
        if (string.IsNullOrEmpty(token))
            return false;
        var lastDot = token.LastIndexOf('.');
        if (lastDot <= 0)
            return false;
        var payload = token[..lastDot];
        var expected = Encoding.ASCII.GetBytes(Sign(payload));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(token[(lastDot + 1)..])))
            return false;
        var firstDot = payload.IndexOf('.', StringComparison.Ordinal);
        return firstDot > 0
            && long.TryParse(payload.AsSpan(0, firstDot), NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            && time.GetUtcNow().ToUnixTimeSeconds() < expires;
    }

    public bool IsSignedIn(HttpRequest request) => IsValid(request.Cookies[CookieName]);

    public void SignIn(HttpContext http) =>
        http.Response.Cookies.Append(CookieName, Issue(), CookieOptions(http.Request, Lifetime));

    public void SignOut(HttpContext http) =>
        http.Response.Cookies.Delete(CookieName, CookieOptions(http.Request, TimeSpan.Zero));

    private static CookieOptions CookieOptions(HttpRequest request, TimeSpan maxAge) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        // Secure where the silo is reached over HTTPS (an ingress); plain HTTP on localhost or a cluster network would
        // otherwise never get the cookie back.
        Secure = request.IsHttps,
        Path = "/",
        MaxAge = maxAge,
        IsEssential = true,
    };

    private string Sign(string payload) => Base64Url(HMACSHA256.HashData(_secret, Encoding.ASCII.GetBytes(payload)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
