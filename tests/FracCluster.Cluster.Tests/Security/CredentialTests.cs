using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;
using FracCluster.Silo.Api;
using FracCluster.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FracCluster.Cluster.Tests.Security;

/// <summary>Who may read and do what over HTTP: credentials, roles, scanner scopes, rotation and the audit log.</summary>
public sealed class CredentialTests(CredentialsSiloApp app) : IClassFixture<CredentialsSiloApp>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Theory]
    [InlineData("/v1/scans/ward-3-abc")]
    [InlineData("/v1/models")]
    [InlineData("/v1/training")]
    [InlineData("/v1/training/run-x")]
    [InlineData("/v1/scanners/ward-3/results")]
    public async Task Every_endpoint_that_returns_patient_or_cluster_data_needs_a_credential(string path)
    {
        using var response = await app.Http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/metrics")]
    public async Task Probes_and_metrics_stay_open(string path)
    {
        using var response = await app.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_scanner_credential_files_scans_under_its_own_id_and_reads_only_its_own_results()
    {
        using var ward = app.With(CredentialsSiloApp.WardKey);
        using var rooms = app.With(CredentialsSiloApp.TwoRoomsKey);

        // No X-Scanner-Id: a credential with one scanner id files the scan under it.
        var wardScan = await SubmitAsync(ward, scanner: null, seed: 1);
        var wardResult = await ward.GetFromJsonAsync<ScanResult>($"/v1/scans/{wardScan}?wait=20", Json);
        Assert.Equal("ward-3", wardResult!.ScannerId);
        Assert.Equal(ScanStatus.Completed, wardResult.Status);

        // Another scanner's credential cannot see it: answered as if the scan did not exist.
        using (var peek = await rooms.GetAsync($"/v1/scans/{wardScan}"))
            Assert.Equal(HttpStatusCode.NotFound, peek.StatusCode);
        // The operator can.
        Assert.Equal("ward-3", (await app.Operator.GetFromJsonAsync<ScanResult>($"/v1/scans/{wardScan}", Json))!.ScannerId);

        // Naming a scanner id the credential does not hold is refused, not re-filed.
        using (var forged = await ward.SendAsync(Post("room-1", 2)))
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        // Two ids: the request must say which.
        using (var unnamed = await rooms.SendAsync(Post(null, 3)))
            Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        var roomScan = await SubmitAsync(rooms, "room-2", seed: 4);
        Assert.Equal("room-2", (await rooms.GetFromJsonAsync<ScanResult>($"/v1/scans/{roomScan}?wait=20", Json))!.ScannerId);

        // Results stream of another scanner, and operator endpoints: forbidden.
        using (var stream = await ward.GetAsync("/v1/scanners/room-1/results", HttpCompletionOption.ResponseHeadersRead))
            Assert.Equal(HttpStatusCode.Forbidden, stream.StatusCode);
        using (var models = await ward.GetAsync("/v1/models"))
            Assert.Equal(HttpStatusCode.Forbidden, models.StatusCode);
        using (var training = await ward.GetAsync("/v1/training"))
            Assert.Equal(HttpStatusCode.Forbidden, training.StatusCode);
        using (var load = await ward.PostAsJsonAsync("/v1/models/load", new { checkpoint = "models/x" }))
            Assert.Equal(HttpStatusCode.Forbidden, load.StatusCode);
    }

    [Fact]
    public async Task A_named_operator_may_read_everything_and_its_actions_are_audited_under_its_name()
    {
        using var night = app.With(CredentialsSiloApp.NurseOperatorKey);
        Assert.Equal(HttpStatusCode.OK, (await night.GetAsync("/v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await night.GetAsync("/v1/training")).StatusCode);

        // The fake classifier of this host loads any name.
        using (var loaded = await night.PostAsJsonAsync("/v1/models/load", new { checkpoint = "models/night-v2" }))
            Assert.Equal(HttpStatusCode.OK, loaded.StatusCode);
        using (var rollback = await app.Operator.PostAsync("/v1/models/rollback", content: null))
            Assert.True(rollback.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.OK, $"rollback answered {rollback.StatusCode}");

        var entries = File.ReadAllLines(app.AuditFile).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var load = Assert.Single(entries, e => e.GetProperty("action").GetString() == "model.load");
        Assert.Equal("night-operator", load.GetProperty("who").GetString());
        Assert.Equal("models/night-v2", load.GetProperty("target").GetString());
        Assert.Equal("ok", load.GetProperty("outcome").GetString());
        Assert.Equal("Operator", load.GetProperty("role").GetString());
        var rolledBack = Assert.Single(entries, e => e.GetProperty("action").GetString() == "model.rollback");
        Assert.Equal("operator-key", rolledBack.GetProperty("who").GetString());
        Assert.DoesNotContain(entries, e => e.GetRawText().Contains(CredentialsSiloApp.NurseOperatorKey, StringComparison.Ordinal)
            || e.GetRawText().Contains(SiloAppFixture.ApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rewritten_credentials_file_rotates_a_key_without_a_restart()
    {
        const string rotated = "ward-3-rotated-key-9876543210";
        using var old = app.With(CredentialsSiloApp.WardKey);
        using var next = app.With(rotated);
        try
        {
            app.WriteCredentials(rotated);
            await Poll.UntilAsync(async () => (await next.SendAsync(Post(null, 10))).StatusCode == HttpStatusCode.Accepted,
                TimeSpan.FromSeconds(15), "the rotated key to be accepted");
            using var refused = await old.SendAsync(Post(null, 11));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        finally
        {
            app.WriteCredentials(CredentialsSiloApp.WardKey);
            await Poll.UntilAsync(async () => (await old.SendAsync(Post(null, 12))).StatusCode == HttpStatusCode.Accepted,
                TimeSpan.FromSeconds(15), "the original key to be back");
        }
    }

    [Fact]
    public async Task Delete_erases_a_scan_everywhere_only_for_an_operator_and_is_audited()
    {
        using var ward = app.With(CredentialsSiloApp.WardKey);
        var scanId = await SubmitAsync(ward, scanner: null, seed: 20);
        Assert.Equal(ScanStatus.Completed, (await ward.GetFromJsonAsync<ScanResult>($"/v1/scans/{scanId}?wait=20", Json))!.Status);

        using (var refused = await ward.DeleteAsync($"/v1/scans/{scanId}"))
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using (var deleted = await app.Operator.DeleteAsync($"/v1/scans/{scanId}"))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        using (var gone = await app.Operator.GetAsync($"/v1/scans/{scanId}"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using (var again = await app.Operator.DeleteAsync($"/v1/scans/{scanId}"))
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var blobs = app.Services.GetRequiredService<IBlobStore>();
        await foreach (var key in blobs.ListAsync(string.Empty))
            Assert.DoesNotContain(scanId, key, StringComparison.Ordinal);
        Assert.Contains(File.ReadAllLines(app.AuditFile), l => l.Contains("\"scan.delete\"", StringComparison.Ordinal) && l.Contains(scanId, StringComparison.Ordinal));
    }

    private static async Task<string> SubmitAsync(HttpClient client, string? scanner, int seed)
    {
        using var response = await client.SendAsync(Post(scanner, seed));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ScanAccepted>(Json))!.ScanId;
    }

    private static HttpRequestMessage Post(string? scanner, int seed)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/scans") { Content = new ByteArrayContent(TestImages.Png((byte)seed)) };
        if (scanner is not null)
            request.Headers.Add(ScanEndpoints.ScannerHeader, scanner);
        return request;
    }
}
