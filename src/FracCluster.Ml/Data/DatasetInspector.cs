using System.Collections.Concurrent;
using FracCluster.Imaging;

namespace FracCluster.Ml.Data;

/// <summary>Reads every image of a source once: counts, body parts, sizes, unreadable files with reasons, exact duplicates.</summary>
public static class DatasetInspector
{
    public static async Task<DatasetInspection> InspectAsync(
        IDatasetSource source, DatasetInspectionOptions? options = null, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= new DatasetInspectionOptions();
        var entries = new List<DatasetEntry>();
        await foreach (var e in source.EnumerateAsync(cancellationToken))
            entries.Add(e);

        var probes = new ImageProbeResult?[entries.Count];
        var hashes = new string?[entries.Count];
        var unreadable = new ConcurrentBag<UnreadableImage>();
        var done = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, entries.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var entry = entries[i];
                try
                {
                    var bytes = await source.ReadAsync(entry.Path, ct);
                    hashes[i] = DatasetHashing.Sha256Hex(bytes);
                    probes[i] = ImageProbe.Probe(bytes, options.Limits, options.FullDecode);
                }
                catch (ImageRejectedException ex)
                {
                    unreadable.Add(new UnreadableImage(entry.Path, entry.Label, ex.Reason, ex.Message));
                }
                progress?.Report(Interlocked.Increment(ref done));
            });

        var readable = probes.Where(p => p is not null).Select(p => p!).ToList();
        var duplicates = entries
            .Select((e, i) => (Entry: e, Sha: hashes[i]))
            .Where(x => x.Sha is not null)
            .GroupBy(x => x.Sha!, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => new DuplicateGroup(g.Key, g.Select(x => x.Entry).OrderBy(e => e.Path, StringComparer.Ordinal).ToArray()))
            .OrderBy(g => g.Entries[0].Path, StringComparer.Ordinal)
            .ToArray();
        var classes = source.ClassNames.Select(c => new ClassCount(c, entries.Count(e => e.Label == c))).ToArray();
        var bodyParts = entries.Any(e => e.BodyPart is not null)
            ? entries
                .GroupBy(e => (Part: e.BodyPart ?? "unknown", e.Label))
                .Select(g => new BodyPartCount(g.Key.Part, g.Key.Label, g.Count()))
                .OrderBy(b => BodyPartOrder(b.BodyPart)).ThenBy(b => IndexOf(source.ClassNames, b.Label))
                .ToArray()
            : [];

        return new DatasetInspection
        {
            Description = source.Description,
            ClassNames = source.ClassNames,
            TotalImages = entries.Count,
            Classes = classes,
            BodyParts = bodyParts,
            Widths = SizeSummary.Of(readable.Select(p => p.Width).ToArray()),
            Heights = SizeSummary.Of(readable.Select(p => p.Height).ToArray()),
            Formats = readable.GroupBy(p => p.Format).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            Unreadable = unreadable.OrderBy(u => u.Path, StringComparer.Ordinal).ToArray(),
            Duplicates = duplicates,
            Notes = Notes(source, entries, classes, duplicates).ToArray(),
        };
    }

    private static IEnumerable<string> Notes(IDatasetSource source, List<DatasetEntry> entries, ClassCount[] classes, DuplicateGroup[] duplicates)
    {
        foreach (var empty in classes.Where(c => c.Count == 0))
            yield return $"Class '{empty.Label}' has no images: training refuses an empty class.";
        var conflicting = duplicates.Count(d => d.HasConflictingLabels);
        if (conflicting > 0)
            yield return $"{conflicting} duplicate group(s) carry different labels: the same image is filed under two classes.";
        if (source is not FracAtlasDatasetSource fracAtlas)
            yield break;
        if (fracAtlas.Csv is null)
        {
            yield return "dataset.csv is missing: no body parts.";
            yield break;
        }
        var csv = fracAtlas.Csv;
        var withoutRow = entries.Count(e => csv.Find(FileName(e.Path)) is null);
        yield return $"dataset.csv: {csv.Rows.Count} usable row(s), {csv.SkippedRows} skipped; {withoutRow} image(s) without a row.";
        foreach (var problem in csv.Problems)
            yield return $"dataset.csv: {problem}";
        var disagreeing = entries
            .Where(e => csv.Find(FileName(e.Path))?.Fractured is bool f && f != (e.Label == FracAtlasDatasetSource.Fractured))
            .Select(e => e.Path)
            .ToList();
        if (disagreeing.Count > 0)
            yield return $"{disagreeing.Count} image(s) sit in a folder that disagrees with dataset.csv's 'fractured' column (the folder wins): {string.Join(", ", disagreeing.Take(5))}{(disagreeing.Count > 5 ? ", …" : string.Empty)}";
    }

    private static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static int BodyPartOrder(string part)
    {
        var i = IndexOf(FracAtlasCsv.BodyParts, part);
        return i < 0 ? int.MaxValue : i;
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
                return i;
        }
        return -1;
    }
}
