using System.Globalization;
using System.Text.Json;
using FracCluster.Contracts;
using FracCluster.Contracts.Worklist;
using FracCluster.Grains.Intake;
using FracCluster.Grains.Options;
using FracCluster.Storage;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace FracCluster.Silo.Web;

/// <summary>
/// The web UI's own data, behind the session cookie (GET only): its settings, the worklist (a snapshot and a
/// server-sent event stream of changes), a scan's image as a browser-friendly PNG, and the cluster view.
/// </summary>
public static partial class UiDataEndpoints
{
    /// <summary>The original image's size, so the page can draw a box given in original pixels over the smaller preview.</summary>
    public const string OriginalWidthHeader = "X-Image-Width";

    public const string OriginalHeightHeader = "X-Image-Height";

    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    public static IEndpointRouteBuilder MapWebUiData(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(WebUiEndpoints.Root + "/api").AddEndpointFilter<UiSessionEndpointFilter>().ExcludeFromDescription();
        api.MapGet("/settings", (IOptions<WebUiOptions> options, UiSessions sessions) =>
            Results.Ok(new UiSettings(options.Value.HighSensitivityThreshold, sessions.Lifetime.TotalHours)));
        api.MapGet("/worklist", async (long? after, IGrainFactory grains) =>
            Results.Ok(await grains.GetGrain<IWorklistGrain>(IWorklistGrain.Key).GetChangesAsync(after ?? 0)));
        api.MapGet("/worklist/events", StreamWorklistAsync);
        api.MapGet("/scans/{scanId}/image", ScanImageAsync);
        api.MapGet("/cluster", ClusterAsync);
        return app;
    }

    /// <remarks>
    /// EventSource reconnects by itself and sends the id of the last event it saw as Last-Event-ID: that id is the
    /// worklist cursor, so a reconnecting page gets only what it missed (or a reset when the worklist moved silos).
    /// </remarks>
    private static async Task StreamWorklistAsync(HttpContext http, IGrainFactory grains, IHostApplicationLifetime lifetime, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, ILoggerFactory loggers)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = ended.Token;
        var cursor = long.TryParse(http.Request.Headers["Last-Event-ID"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last : 0;
        var worklist = grains.GetGrain<IWorklistGrain>(IWorklistGrain.Key);
        var logger = loggers.CreateLogger(typeof(UiDataEndpoints));
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-store";
        try
        {
            await http.Response.WriteAsync("retry: 2000\n: subscribed\n\n", cancellationToken);
            await http.Response.Body.FlushAsync(cancellationToken);
            var first = true;
            while (!cancellationToken.IsCancellationRequested)
            {
                WorklistChanges changes;
                try
                {
                    changes = first ? await worklist.GetChangesAsync(cursor) : await worklist.WaitForChangesAsync(cursor, Heartbeat).WaitAsync(cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The worklist's silo went away: its next activation starts a new list, which the page gets as a reset.
                    LogWorklistUnavailable(logger, ex);
                    await http.Response.WriteAsync(": worklist unavailable\n\n", cancellationToken);
                    await http.Response.Body.FlushAsync(cancellationToken);
                    await Task.Delay(RetryAfterFailure, cancellationToken);
                    continue;
                }
                if (first || changes.Reset || changes.Scans.Count > 0)
                {
                    var payload = JsonSerializer.Serialize(changes, json.Value.SerializerOptions);
                    await http.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"id: {changes.Cursor}\nevent: changes\ndata: {payload}\n\n"), cancellationToken);
                    cursor = changes.Cursor;
                    first = false;
                }
                else
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                }
                await http.Response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The stored image of a scan as a grey PNG: <c>?size=thumb</c> for the worklist row, else the preview size.</summary>
    private static async Task<IResult> ScanImageAsync(string scanId, string? size, HttpContext http, IGrainFactory grains, IBlobStore blobs, IOptions<IntakeOptions> intake, IOptions<WebUiOptions> options, CancellationToken cancellationToken)
    {
        if (!ScanIds.IsValidName(scanId))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "BadScanId");
        if (await grains.GetGrain<IScanResultGrain>(scanId).GetAsync() is not { } scan)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "UnknownScan");
        var bytes = await blobs.GetAsync(ScanIds.BlobKey(intake.Value.BlobPrefix, scan.ReceivedAt, scan.ScanId, scan.ImageSha256), cancellationToken);
        if (bytes is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "ImageNotStored", detail: "The scan's image is no longer in the blob store.");
        var maxSide = string.Equals(size, "thumb", StringComparison.Ordinal) ? options.Value.ThumbnailPixels : options.Value.PreviewPixels;
        if (ScanImagePreview.Render(bytes, maxSide) is not { } preview)
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "NoPreview", detail: "The stored image cannot be shown in a browser (a format or size the preview does not decode).");
        // A scan's image never changes; the browser may keep it while the session lasts, but no shared cache may.
        http.Response.Headers.CacheControl = "private, max-age=3600";
        http.Response.Headers[OriginalWidthHeader] = preview.OriginalWidth.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers[OriginalHeightHeader] = preview.OriginalHeight.ToString(CultureInfo.InvariantCulture);
        return Results.Bytes(preview.Png, "image/png");
    }

    private static async Task<IResult> ClusterAsync(IGrainFactory grains, ILocalSiloDetails here, IntakeRefusalTally refusals, CancellationToken cancellationToken)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken);
        var silos = await Task.WhenAll(hosts.Keys.Select(async address =>
        {
            var control = grains.GetGrain<ISiloControlGrain>(address.ToParsableString());
            var serving = control.GetServingAsync();
            var load = control.GetLoadAsync();
            await Task.WhenAll(serving, load);
            return new UiSiloView(serving.Result, load.Result);
        }));
        var rejections = await grains.GetGrain<IWorklistGrain>(IWorklistGrain.Key).GetRejectionsAsync();
        return Results.Ok(new UiClusterView(
            here.SiloAddress.ToParsableString(),
            silos.OrderBy(s => s.Serving.Silo, StringComparer.Ordinal).ToList(),
            rejections,
            refusals.Snapshot()));
    }

    [LoggerMessage(EventId = 5303, Level = LogLevel.Warning, Message = "Web UI: the worklist grain did not answer; the event stream retries")]
    private static partial void LogWorklistUnavailable(ILogger logger, Exception exception);
}

/// <summary>What the page needs to know about the silo's settings.</summary>
public sealed record UiSettings(double HighSensitivityThreshold, double SessionHours);

/// <summary>One silo: its model grains, queue and admissions.</summary>
public sealed record UiSiloView(SiloServing Serving, SiloLoad Load);

/// <summary>The cluster page: every live silo, the cluster's unclassified results by reason, and this silo's intake refusals.</summary>
public sealed record UiClusterView(string ServedBy, IReadOnlyList<UiSiloView> Silos, IReadOnlyDictionary<string, long> RejectionsByReason, IReadOnlyDictionary<string, long> RefusalsOnThisSilo);
