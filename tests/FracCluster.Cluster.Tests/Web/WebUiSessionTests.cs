using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;
using FracCluster.Contracts.Worklist;
using FracCluster.Silo.Api;
using FracCluster.Silo.Web;
using SixLabors.ImageSharp;

namespace FracCluster.Cluster.Tests.Web;

/// <summary>The web UI's sign-in and data endpoints over plain HTTP: what the cookie opens and what it must not.</summary>
public sealed class WebUiSessionTests(WebSiloFixture app) : IClassFixture<WebSiloFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task The_worklist_page_sends_a_browser_without_a_session_to_the_sign_in_form()
    {
        using var client = NewClient();
        using var response = await client.GetAsync("/ui/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(WebUiEndpoints.LoginPath, response.Headers.Location?.ToString());
        using var data = await client.GetAsync("/ui/api/worklist");
        Assert.Equal(HttpStatusCode.Unauthorized, data.StatusCode);
    }

    [Fact]
    public async Task A_wrong_key_sets_no_cookie_and_returns_to_the_form()
    {
        using var client = NewClient();
        using var response = await SignInAsync(client, "not-the-key-0123456789");
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(WebUiEndpoints.LoginPath + "?failed=1", response.Headers.Location?.ToString());
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task The_key_buys_an_http_only_same_site_strict_session_cookie_that_opens_the_pages()
    {
        using var client = NewClient();
        using var response = await SignInAsync(client, SiloAppFixture.ApiKey);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/ui/", response.Headers.Location?.ToString());
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(UiSessions.CookieName + "=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(SiloAppFixture.ApiKey, cookie, StringComparison.Ordinal);

        using var page = await client.SendAsync(WithCookie(HttpMethod.Get, "/ui/", cookie));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        using var settings = await client.SendAsync(WithCookie(HttpMethod.Get, "/ui/api/settings", cookie));
        var body = await settings.Content.ReadFromJsonAsync<UiSettings>(Json);
        Assert.Equal(WebSiloFixture.Threshold, body!.HighSensitivityThreshold);
    }

    [Fact]
    public async Task The_session_cookie_does_not_authorise_writes_to_the_scanner_api()
    {
        using var client = NewClient();
        using var signIn = await SignInAsync(client, SiloAppFixture.ApiKey);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single();

        using var post = WithCookie(HttpMethod.Post, "/v1/scans", cookie);
        post.Headers.Add(ScanEndpoints.ScannerHeader, "cookie-only");
        post.Content = new ByteArrayContent(TestImages.Png(40));
        using var refused = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        // A read behind the key filter is open to the session (the training page's artifacts, the heatmap image).
        using var read = await client.SendAsync(WithCookie(HttpMethod.Get, "/v1/training/no-such-run/artifacts", cookie));
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task A_forged_or_expired_looking_cookie_is_refused()
    {
        using var client = NewClient();
        using var forged = await client.SendAsync(WithCookie(HttpMethod.Get, "/ui/api/worklist", $"{UiSessions.CookieName}=99999999999.bm9uY2U.c2lnbmF0dXJl"));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task A_scan_appears_on_the_worklist_and_its_image_is_served_as_a_png_preview_with_the_original_size()
    {
        using var client = NewClient();
        using var signIn = await SignInAsync(client, SiloAppFixture.ApiKey);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single();
        var image = Radiographs.Png(seed: 7, marker: 200);
        var (width, height) = Size(image);

        using var submit = new HttpRequestMessage(HttpMethod.Post, "/v1/scans") { Content = new ByteArrayContent(image) };
        submit.Headers.Add(ApiKeyStore.HeaderName, SiloAppFixture.ApiKey);
        submit.Headers.Add(ScanEndpoints.ScannerHeader, "ward-3");
        using var accepted = await client.SendAsync(submit);
        var scanId = (await accepted.Content.ReadFromJsonAsync<ScanAccepted>(Json))!.ScanId;
        // Reads of patient data need a credential; the operator's session cookie is one for GETs.
        using var read = await client.SendAsync(WithCookie(HttpMethod.Get, $"/v1/scans/{scanId}?wait=20", cookie));
        read.EnsureSuccessStatusCode();
        var result = await read.Content.ReadFromJsonAsync<ScanResult>(Json);
        Assert.Equal(ScanStatus.Completed, result!.Status);

        WorklistChanges? list = null;
        await Poll.UntilAsync(async () =>
        {
            using var response = await client.SendAsync(WithCookie(HttpMethod.Get, "/ui/api/worklist", cookie));
            list = await response.Content.ReadFromJsonAsync<WorklistChanges>(Json);
            return list!.Scans.Any(s => s.ScanId == scanId && s.Status == ScanStatus.Completed);
        }, TimeSpan.FromSeconds(10), "the completed scan on the worklist");
        Assert.True(list!.Reset);
        Assert.Equal(result.ProbabilityFractured, list.Scans.Single(s => s.ScanId == scanId).ProbabilityFractured);

        using var thumb = await client.SendAsync(WithCookie(HttpMethod.Get, $"/ui/api/scans/{scanId}/image?size=thumb", cookie));
        Assert.Equal(HttpStatusCode.OK, thumb.StatusCode);
        Assert.Equal("image/png", thumb.Content.Headers.ContentType?.MediaType);
        var (thumbWidth, thumbHeight) = Size(await thumb.Content.ReadAsByteArrayAsync());
        Assert.Equal(96, Math.Max(thumbWidth, thumbHeight));
        Assert.Equal(width.ToString(System.Globalization.CultureInfo.InvariantCulture), thumb.Headers.GetValues(UiDataEndpoints.OriginalWidthHeader).Single());
        Assert.Equal(height.ToString(System.Globalization.CultureInfo.InvariantCulture), thumb.Headers.GetValues(UiDataEndpoints.OriginalHeightHeader).Single());

        using var anonymous = await client.GetAsync($"/ui/api/scans/{scanId}/image");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private HttpClient NewClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.Http.BaseAddress };

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string key) =>
        client.PostAsync(WebUiEndpoints.LoginPath, new FormUrlEncodedContent([new KeyValuePair<string, string>("key", key)]));

    private static HttpRequestMessage WithCookie(HttpMethod method, string path, string setCookie)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", setCookie.Split(';')[0]);
        return request;
    }

    private static (int Width, int Height) Size(byte[] png)
    {
        var info = Image.Identify(png);
        return (info.Width, info.Height);
    }
}
