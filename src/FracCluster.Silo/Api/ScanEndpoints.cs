using System.Text.Json;
using System.Threading.Channels;
using FracCluster.Contracts;
using FracCluster.Grains.Inference;
using FracCluster.Grains.Intake;
using FracCluster.Grains.Models;
using FracCluster.Grains.Options;
using FracCluster.Silo.Security;
using FracCluster.Storage;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Streams;

namespace FracCluster.Silo.Api;

/// <summary><c>/v1/scans</c> and <c>/v1/scanners/{id}/results</c>.</summary>
public static partial class ScanEndpoints
{
    public const string ScannerHeader = "X-Scanner-Id";
    public const string ClientScanIdHeader = "X-Client-Scan-Id";
    public const string DeadlineHeader = "X-Scan-Deadline-Ms";
    public const string PriorityHeader = "X-Scan-Priority";
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan UnsubscribeTimeout = TimeSpan.FromSeconds(10);

    public static IEndpointRouteBuilder MapScanEndpoints(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1");
        v1.MapPost("/scans", SubmitAsync).AddEndpointFilter<ApiKeyEndpointFilter>()
            .WithSummary("Submit a scan: body = image bytes; scanner id in X-Scanner-Id or ?scanner=; optional X-Client-Scan-Id for idempotent retries, X-Scan-Priority: urgent|routine, X-Scan-Deadline-Ms (refused with 503 at once when it cannot be met).");
        v1.MapGet("/scans/{scanId}", GetAsync).AddEndpointFilter<ApiKeyEndpointFilter>()
            .WithSummary("A scan's status and result; ?wait=N waits up to N seconds (max 25) for a final result. A scanner credential sees only its own scanners' scans.");
        v1.MapDelete("/scans/{scanId}", DeleteAsync).AddEndpointFilter<OperatorEndpointFilter>()
            .WithSummary("Erase a final scan: its image bytes, heatmap overlay and record, at once (audited). 409 while it is pending.");
        v1.MapGet("/scans/{scanId}/heatmap", HeatmapAsync).AddEndpointFilter<ApiKeyEndpointFilter>()
            .WithSummary("A completed scan's Grad-CAM overlay as PNG at the original image's size; computed now (at low priority) when the scan has none yet. 409 while the scan is pending, 422 for a rejected or expired scan. A scanner credential sees only its own scanners' scans.");
        v1.MapGet("/scanners/{scannerId}/results", StreamResultsAsync).AddEndpointFilter<ApiKeyEndpointFilter>()
            .WithSummary("Server-sent events: each final result of this scanner as it happens. A scanner credential may follow only its own scanner ids.");
        return app;
    }

    private static async Task<IResult> SubmitAsync(HttpContext http, ScanIntake intake, IOptions<IntakeOptions> options, IOptions<BatchingOptions> batching, CancellationToken cancellationToken)
    {
        var request = http.Request;
        var caller = http.Caller();
        var requestedScanner = Pick(request, ScannerHeader, "scanner");
        var scannerId = caller.ResolveScanner(requestedScanner);
        if (scannerId is null && !caller.IsOperator)
        {
            // The scanner id comes with the credential: naming another one is refused, not silently replaced.
            return requestedScanner is null
                ? Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "ScannerIdRequired", detail: $"Credential '{caller.Name}' is allowed several scanner ids; name one in {ScannerHeader}.")
                : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "ScannerNotAllowed", detail: $"Credential '{caller.Name}' may not submit as scanner '{requestedScanner}'.");
        }
        var clientScanId = Pick(request, ClientScanIdHeader, "clientScanId");
        int? deadline = null;
        if (Pick(request, DeadlineHeader, "deadlineMs") is { } deadlineText)
        {
            if (!int.TryParse(deadlineText, out var ms) || ms <= 0)
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "BadDeadline", detail: $"{DeadlineHeader} must be a positive whole number of milliseconds.");
            deadline = ms;
        }

        var priority = ScanPriority.Routine;
        if (Pick(request, PriorityHeader, "priority") is { } priorityText)
        {
            if (!TryParsePriority(priorityText, out priority))
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "BadPriority", detail: $"{PriorityHeader} must be 'urgent' or 'routine'.");
        }

        var max = options.Value.MaxImageBytes;
        if (request.ContentLength > max)
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "TooLarge", detail: $"The image has {request.ContentLength} bytes; the limit is {max}.");
        var body = await ReadBodyAsync(request.Body, max, cancellationToken);
        if (body is null)
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "TooLarge", detail: $"The image is larger than the limit of {max} bytes.");

        var outcome = await intake.SubmitAsync(new ScanSubmission
        {
            ScannerId = scannerId ?? string.Empty,
            ClientScanId = clientScanId,
            Image = body,
            DeadlineMilliseconds = deadline,
            Priority = priority,
        }, cancellationToken);

        switch (outcome.Status)
        {
            case SubmitStatus.Accepted:
            case SubmitStatus.Duplicate:
                var location = $"/v1/scans/{outcome.ScanId}";
                return Results.Accepted(location, new ScanAccepted(outcome.ScanId!, outcome.Status == SubmitStatus.Duplicate, location));
            case SubmitStatus.Busy:
                http.Response.Headers.RetryAfter = outcome.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var extensions = outcome.EstimatedMilliseconds is { } estimate
                    ? new Dictionary<string, object?> { ["estimatedMs"] = estimate, ["deadlineMs"] = deadline ?? batching.Value.ScanDeadlineMs }
                    : null;
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: outcome.Reason, detail: outcome.Message, extensions: extensions);
            case SubmitStatus.Conflict:
                // The id is taken by other bytes: name the scan that holds it, never answer with its result.
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: outcome.Reason, detail: outcome.Message,
                    extensions: new Dictionary<string, object?> { ["existingScanId"] = outcome.ScanId });
            default:
                var status = outcome.Reason switch
                {
                    "TooLarge" => StatusCodes.Status413PayloadTooLarge,
                    "NotAnImage" => StatusCodes.Status415UnsupportedMediaType,
                    _ => StatusCodes.Status400BadRequest,
                };
                return Results.Problem(statusCode: status, title: outcome.Reason, detail: outcome.Message);
        }
    }

    private static async Task<IResult> GetAsync(string scanId, double? wait, HttpContext http, IGrainFactory grains)
    {
        if (!ScanIds.IsValidName(scanId))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "BadScanId");
        if (wait is < 0 or > 25)
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "BadWait", detail: "wait must be between 0 and 25 seconds.");
        var grain = grains.GetGrain<IScanResultGrain>(scanId);
        var result = wait is > 0 ? await grain.WaitAsync(TimeSpan.FromSeconds(wait.Value)) : await grain.GetAsync();
        // Another scanner's scan is answered like one that does not exist, so ids cannot be probed for.
        return result is null || !http.Caller().MayActAs(result.ScannerId)
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "UnknownScan")
            : Results.Ok(result);
    }

    /// <remarks>
    /// Stored overlays are served as they are. A scan without one gets it from a model grain of this silo (any silo's
    /// model serves the same version, and a silo-bound grain elsewhere may be gone with its silo), which stores it and
    /// adds the box to the record, so the next request only reads the blob.
    /// </remarks>
    private static async Task<IResult> DeleteAsync(string scanId, HttpContext http, IGrainFactory grains, AuditLog audit)
    {
        if (!ScanIds.IsValidName(scanId))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "BadScanId");
        var outcome = await grains.GetGrain<IScanResultGrain>(scanId).EraseAsync();
        audit.Record(http.Caller(), "scan.delete", scanId, outcome == EraseOutcome.Erased ? "ok" : outcome.ToString());
        return outcome switch
        {
            EraseOutcome.Erased => Results.NoContent(),
            EraseOutcome.Pending => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "ScanPending", detail: "The scan is still being classified; delete it once its result is final."),
            _ => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "UnknownScan"),
        };
    }

    private static async Task<IResult> HeatmapAsync(string scanId, HttpContext http, IGrainFactory grains, IBlobStore blobs, LocalModelRegistry models, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!ScanIds.IsValidName(scanId))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "BadScanId");
        var record = grains.GetGrain<IScanResultGrain>(scanId);
        var result = await record.GetAsync();
        var arrival = await record.GetArrivalAsync();
        if (result is null || arrival is null || !http.Caller().MayActAs(result.ScannerId))
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "UnknownScan");
        if (Refusal(new ScanHeatmap { Status = Classify(result) }) is { } notReady)
            return notReady;

        var key = ScanIds.HeatmapKey(arrival.BlobRef);
        var png = await blobs.GetAsync(key, cancellationToken);
        if (png is null)
        {
            ScanHeatmap made;
            try
            {
                made = await grains.GetGrain<IModelGrain>(models.KeyFor(models.Devices[0])).ExplainScanAsync(scanId);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogHeatmapFailed(loggers.CreateLogger(typeof(ScanEndpoints)), ex, scanId);
                var detail = ex is ModelNotConfiguredException ? ex.Message : "The heatmap could not be computed now; the scan's result is unaffected. Try again.";
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "HeatmapFailed", detail: detail);
            }
            if (Refusal(made) is { } refused)
                return refused;
            png = await blobs.GetAsync(made.BlobKey!, cancellationToken);
            if (png is null)
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "HeatmapFailed", detail: "The heatmap was computed but is not in the blob store; try again.");
        }
        // An overlay never changes once stored; it shows the radiograph, so no shared cache may keep it.
        http.Response.Headers.CacheControl = "private, max-age=3600";
        return Results.Bytes(png, "image/png");
    }

    private static ScanHeatmapStatus Classify(ScanResult result) => result.Status switch
    {
        ScanStatus.Pending => ScanHeatmapStatus.NotCompleted,
        ScanStatus.Completed => ScanHeatmapStatus.Stored,
        _ => ScanHeatmapStatus.NotClassified,
    };

    /// <summary>The HTTP answer for a heatmap that cannot be given; null when it is stored.</summary>
    private static IResult? Refusal(ScanHeatmap heatmap) => heatmap.Status switch
    {
        ScanHeatmapStatus.Stored => null,
        ScanHeatmapStatus.UnknownScan => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "UnknownScan"),
        ScanHeatmapStatus.NotCompleted => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "NotCompleted",
            detail: heatmap.Message ?? "The scan is not classified yet; ask again once it is completed (GET /v1/scans/{id}?wait=N)."),
        ScanHeatmapStatus.NotClassified => Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "NotClassified",
            detail: heatmap.Message ?? "The scan was rejected or expired: no model read its image, so there is no heatmap."),
        ScanHeatmapStatus.ImageUnavailable => Results.Problem(statusCode: StatusCodes.Status410Gone, title: "ImageUnavailable", detail: heatmap.Message),
        _ => Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "NotExplainable", detail: heatmap.Message),
    };

    /// <remarks>
    /// The subscription belongs to this silo's hosted client and is recorded in the pub-sub store, which outlives the
    /// process: one left behind gets every later result of the scanner redelivered to a client that is gone (Orleans
    /// logs ClientNotAvailableException for each). So the reader's end is the subscription's end, whichever comes
    /// first: the client disconnecting, or the silo beginning to stop (while Orleans can still record the unsubscribe).
    /// </remarks>
    private static async Task StreamResultsAsync(string scannerId, HttpContext http, IClusterClient client, IHostApplicationLifetime lifetime, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, ILoggerFactory loggers)
    {
        if (!ScanIds.IsValidName(scannerId))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        if (!http.Caller().MayActAs(scannerId))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = ended.Token;
        var results = Channel.CreateBounded<ScanResult>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
        var stream = client.GetStreamProvider(FracStreams.Provider).GetStream<ScanResult>(StreamId.Create(FracStreams.Results, scannerId));
        var subscription = await stream.SubscribeAsync((result, _) => results.Writer.WriteAsync(result).AsTask());
        try
        {
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            await http.Response.WriteAsync(": subscribed\n\n", cancellationToken);
            await http.Response.Body.FlushAsync(cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                using var beat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                beat.CancelAfter(Heartbeat);
                try
                {
                    var result = await results.Reader.ReadAsync(beat.Token);
                    var payload = JsonSerializer.Serialize(result, json.Value.SerializerOptions);
                    await http.Response.WriteAsync($"id: {result.ScanId}\nevent: result\ndata: {payload}\n\n", cancellationToken);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                }
                await http.Response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await UnsubscribeAsync(subscription, scannerId, loggers.CreateLogger(typeof(ScanEndpoints)));
        }
    }

    /// <summary>Unsubscribes, trying again once after a transient failure; bounded so a stuck call cannot hold the request.</summary>
    private static async Task UnsubscribeAsync(StreamSubscriptionHandle<ScanResult> subscription, string scannerId, ILogger logger)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await subscription.UnsubscribeAsync().WaitAsync(UnsubscribeTimeout);
                return;
            }
            catch (Exception ex) when (attempt < 2)
            {
                LogUnsubscribeRetry(logger, ex, scannerId);
            }
            catch (Exception ex)
            {
                LogUnsubscribeFailed(logger, ex, scannerId);
                return;
            }
        }
    }

    private static bool TryParsePriority(string text, out ScanPriority priority)
    {
        priority = ScanPriority.Routine;
        if (string.Equals(text, "urgent", StringComparison.OrdinalIgnoreCase))
            priority = ScanPriority.Urgent;
        else if (!string.Equals(text, "routine", StringComparison.OrdinalIgnoreCase))
            return false;
        return true;
    }

    private static string? Pick(HttpRequest request, string header, string query)
    {
        if (request.Headers.TryGetValue(header, out var h) && h.Count > 0 && !string.IsNullOrEmpty(h[0]))
            return h[0];
        return request.Query.TryGetValue(query, out var q) && q.Count > 0 && !string.IsNullOrEmpty(q[0]) ? q[0] : null;
    }

    /// <summary>Reads the body up to <paramref name="max"/> bytes; null when it is longer.</summary>
    private static async Task<byte[]?> ReadBodyAsync(Stream body, long max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "The heatmap of scan {ScanId} could not be computed on demand")]
    private static partial void LogHeatmapFailed(ILogger logger, Exception exception, string scanId);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "Unsubscribing the SSE reader of scanner {ScannerId} failed once; trying again")]
    private static partial void LogUnsubscribeRetry(ILogger logger, Exception exception, string scannerId);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Could not unsubscribe the SSE reader of scanner {ScannerId}")]
    private static partial void LogUnsubscribeFailed(ILogger logger, Exception exception, string scannerId);
}
