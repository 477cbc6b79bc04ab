using System.Diagnostics;
using FracCluster.Contracts;

namespace FracCluster.Grains.Telemetry;

/// <summary>
/// Traces of the serving path (activity source "FracCluster.Serving"). A scan's trace starts at the API request, continues
/// in intake, travels in <see cref="ScanArrived.TraceParent"/> across the stream, and ends with the span that stores its
/// result; the batch it ran in is a separate span linked to every scan it served.
/// </summary>
public static class FracTracing
{
    public const string SourceName = "FracCluster.Serving";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The W3C traceparent of the current activity, to carry in a message.</summary>
    public static string? CurrentTraceParent => Activity.Current?.Id is { } id && Activity.Current.IdFormat == ActivityIdFormat.W3C ? id : null;

    public static Activity? StartAccept(string scannerId)
    {
        var activity = Source.StartActivity("scan accept", ActivityKind.Internal);
        activity?.SetTag("fraccluster.scanner.id", scannerId);
        return activity;
    }

    /// <summary>A batch on a model grain, linked to the traces of the scans it carries.</summary>
    public static Activity? StartBatch(ScanBatch batch, string device)
    {
        var links = batch.Scans
            .Select(s => ActivityContext.TryParse(s.TraceParent, null, out var context) ? new ActivityLink(context) : (ActivityLink?)null)
            .OfType<ActivityLink>()
            .ToList();
        var activity = Source.StartActivity("batch classify", ActivityKind.Internal, parentContext: default, links: links);
        activity?.SetTag("fraccluster.batch.id", batch.BatchId);
        activity?.SetTag("fraccluster.batch.size", batch.Scans.Count);
        activity?.SetTag("fraccluster.device", device);
        return activity;
    }

    /// <summary>The part of one scan's trace from the start of its batch to its stored result, a child of its API request.</summary>
    public static Activity? StartServe(ScanArrived scan, DateTimeOffset batchStarted, string batchId, string device)
    {
        ActivityContext.TryParse(scan.TraceParent, null, out var parent);
        var activity = Source.StartActivity("scan serve", ActivityKind.Internal, parent, startTime: batchStarted);
        activity?.SetTag("fraccluster.scan.id", scan.ScanId);
        activity?.SetTag("fraccluster.batch.id", batchId);
        activity?.SetTag("fraccluster.device", device);
        return activity;
    }

    /// <summary>A scan put back on the stream by the recovery watchdog, a child of its original trace.</summary>
    public static Activity? StartRedrive(ScanArrived scan)
    {
        ActivityContext.TryParse(scan.TraceParent, null, out var parent);
        var activity = Source.StartActivity("scan redrive", ActivityKind.Internal, parent);
        activity?.SetTag("fraccluster.scan.id", scan.ScanId);
        return activity;
    }
}
