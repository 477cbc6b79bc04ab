using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;
using FracCluster.Silo.Api;

namespace FracCluster.Cluster.Tests;

public sealed class HttpApiTests(SiloAppFixture app) : IClassFixture<SiloAppFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task Posting_a_scan_without_an_api_key_is_refused_with_401()
    {
        using var response = await app.Http.SendAsync(Post("no-key", TestImages.Png(5), key: null));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Posting_a_scan_with_a_wrong_api_key_is_refused_with_403()
    {
        using var response = await app.Http.SendAsync(Post("wrong-key", TestImages.Png(5), key: "not-the-key-0123456789"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_scan_posted_with_the_key_is_accepted_and_its_result_can_be_awaited()
    {
        using var response = await app.Http.SendAsync(Post("http-scanner", TestImages.Png(51)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<ScanAccepted>(Json);
        Assert.NotNull(accepted);
        Assert.Equal($"/v1/scans/{accepted.ScanId}", response.Headers.Location?.ToString());

        var result = await app.Operator.GetFromJsonAsync<ScanResult>($"/v1/scans/{accepted.ScanId}?wait=20", Json);
        Assert.NotNull(result);
        Assert.Equal(ScanStatus.Completed, result.Status);
        Assert.Equal(51 / 255f, result.ProbabilityFractured!.Value, 3);
        Assert.Equal("v1", result.ModelVersion);
    }

    [Fact]
    public async Task Bytes_that_are_not_an_image_are_refused_with_415_before_anything_is_queued()
    {
        using var response = await app.Http.SendAsync(Post("junk", Encoding.ASCII.GetBytes("this is a text file, not an x-ray")));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task A_scan_without_a_scanner_id_is_refused_with_400()
    {
        using var response = await app.Http.SendAsync(Post(null, TestImages.Png(5)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Full_queues_answer_503_with_retry_after_and_accept_again_once_work_drains()
    {
        app.Probe.Close("v1");
        var accepted = new List<string>();
        try
        {
            // Capacity is 4 scans in progress; the model is held, so nothing drains.
            for (var i = 0; i < 4; i++)
            {
                using var ok = await app.Http.SendAsync(Post("pressure", TestImages.Png((byte)i)));
                Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
                accepted.Add((await ok.Content.ReadFromJsonAsync<ScanAccepted>(Json))!.ScanId);
            }
            using var full = await app.Http.SendAsync(Post("pressure", TestImages.Png(9)));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), full.Headers.RetryAfter?.Delta);
        }
        finally
        {
            app.Probe.Open();
        }

        foreach (var id in accepted)
        {
            var result = await app.Operator.GetFromJsonAsync<ScanResult>($"/v1/scans/{id}?wait=20", Json);
            Assert.Equal(ScanStatus.Completed, result!.Status);
        }
        await Poll.UntilAsync(async () =>
        {
            using var again = await app.Http.SendAsync(Post("pressure", TestImages.Png(10)));
            return again.StatusCode == HttpStatusCode.Accepted;
        }, TimeSpan.FromSeconds(30), "the API to accept scans again");
    }

    [Fact]
    public async Task The_dashboard_requires_the_api_key_and_accepts_it_as_basic_auth_password()
    {
        using var anonymous = await app.Http.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Basic", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{SiloAppFixture.ApiKey}")));
        using var authorised = await app.Http.SendAsync(request);
        Assert.NotEqual(HttpStatusCode.Unauthorized, authorised.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, authorised.StatusCode);
    }

    [Fact]
    public async Task Health_readiness_models_and_metrics_endpoints_answer()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.Http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Http.GetAsync("/readyz")).StatusCode);

        var models = await app.Operator.GetFromJsonAsync<ModelsOverview>("/v1/models", Json);
        var model = Assert.Single(models!.Grains);
        Assert.Equal("cpu", model.Device);
        Assert.True(model.Ready);

        using (var scan = await app.Http.SendAsync(Post("metrics", TestImages.Png(3))))
        {
            var id = (await scan.Content.ReadFromJsonAsync<ScanAccepted>(Json))!.ScanId;
            await app.Operator.GetAsync($"/v1/scans/{id}?wait=20");
        }
        await Poll.UntilAsync(async () => (await app.Http.GetStringAsync("/metrics")).Contains("fraccluster_batch_size", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "fraccluster_batch_size on /metrics");
        var text = await app.Http.GetStringAsync("/metrics");
        Assert.Contains("fraccluster_queue_depth", text, StringComparison.Ordinal);
        Assert.Contains("fraccluster_images_total", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_scan_id_reused_with_different_bytes_is_a_409_naming_the_scan_that_holds_it_and_never_its_result()
    {
        using var first = await app.Http.SendAsync(Post("reuse", TestImages.Png(60), clientScanId: "acq-77"));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var accepted = (await first.Content.ReadFromJsonAsync<ScanAccepted>(Json))!;
        var firstResult = await app.Operator.GetFromJsonAsync<ScanResult>($"/v1/scans/{accepted.ScanId}?wait=20", Json);

        using var same = await app.Http.SendAsync(Post("reuse", TestImages.Png(60), clientScanId: "acq-77"));
        Assert.Equal(HttpStatusCode.Accepted, same.StatusCode);
        Assert.True((await same.Content.ReadFromJsonAsync<ScanAccepted>(Json))!.Duplicate);

        using var other = await app.Http.SendAsync(Post("reuse", TestImages.Png(61), clientScanId: "acq-77"));
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        var problem = await other.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.Equal("Conflict", problem.GetProperty("title").GetString());
        Assert.Equal(accepted.ScanId, problem.GetProperty("existingScanId").GetString());

        // The first scan's record (and its hash) is untouched by the refused upload.
        var after = await app.Operator.GetFromJsonAsync<ScanResult>($"/v1/scans/{accepted.ScanId}", Json);
        Assert.Equal(firstResult!.ProbabilityFractured, after!.ProbabilityFractured);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(TestImages.Png(60))), after.ImageSha256);
    }

    private static HttpRequestMessage Post(string? scanner, byte[] image, string? key = SiloAppFixture.ApiKey, string? clientScanId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/scans") { Content = new ByteArrayContent(image) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (scanner is not null)
            request.Headers.Add(ScanEndpoints.ScannerHeader, scanner);
        if (key is not null)
            request.Headers.Add(ApiKeyStore.HeaderName, key);
        if (clientScanId is not null)
            request.Headers.Add(ScanEndpoints.ClientScanIdHeader, clientScanId);
        return request;
    }
}
