using System.Globalization;
using Spectre.Console;

namespace FracCluster.Cli.Streaming;

/// <summary>The end-of-run table of the scanner simulator, shared by `frac stream` and `frac demo`.</summary>
public static class StreamSummaryTable
{
    public static Table Build(StreamSummary s, string title = "frac stream summary")
    {
        var table = new Table().Title(title).AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        void Row(string name, string value) => table.AddRow(name, value);
        Row("sent (accepted scans)", Invariant(s.Sent));
        Row("retried after 503/429", Invariant(s.Retries));
        Row("refused at intake", Invariant(s.Refused));
        foreach (var (reason, count) in s.RefusedByReason.OrderBy(r => r.Key, StringComparer.Ordinal))
            Row($"  {Markup.Escape(reason)}", Invariant(count));
        Row("results", Invariant(s.Results));
        Row("  completed", Invariant(s.Completed));
        Row("  rejected", Invariant(s.Rejected));
        Row("  expired", Invariant(s.Expired));
        Row(s.Lost == 0 ? "lost" : "[red]lost[/]", Invariant(s.Lost));
        Row(s.Duplicates == 0 ? "duplicates" : "[red]duplicates[/]", Invariant(s.Duplicates));
        if (s.Redelivered > 0)
            Row("same result delivered again (absorbed)", Invariant(s.Redelivered));
        if (s.RecoveredByPolling > 0)
            Row("[yellow]found by polling[/]", Invariant(s.RecoveredByPolling));
        Row("elapsed", string.Create(CultureInfo.InvariantCulture, $"{s.Elapsed.TotalSeconds:0.0} s"));
        Row("throughput", string.Create(CultureInfo.InvariantCulture, $"{s.Throughput:0.0} results/s"));
        Row("latency p50 / p95 / p99", string.Create(CultureInfo.InvariantCulture, $"{s.Percentile(50):0} / {s.Percentile(95):0} / {s.Percentile(99):0} ms"));
        return table;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
