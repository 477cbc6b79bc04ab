using System.Globalization;

namespace FracCluster.Ml.Data;

/// <summary>
/// FracAtlas's <c>dataset.csv</c> (image_id, hand, leg, hip, shoulder, mixed, …, fractured, …), read tolerantly: columns are
/// found by header name in any order, missing columns and short, malformed or duplicate rows are counted and skipped, and
/// images without a usable row simply have no body part. The body part is the one flag set among hand/leg/hip/shoulder;
/// <c>mixed</c> set, or several flags set, gives "mixed"; no flag gives none.
/// </summary>
public sealed class FracAtlasCsv
{
    public static readonly IReadOnlyList<string> BodyParts = ["hand", "leg", "hip", "shoulder", "mixed"];

    private const int MaxProblemsKept = 20;

    private readonly Dictionary<string, FracAtlasCsvRow> _rows;

    private FracAtlasCsv(Dictionary<string, FracAtlasCsvRow> rows, int skippedRows, List<string> problems)
    {
        _rows = rows;
        SkippedRows = skippedRows;
        Problems = problems;
    }

    /// <summary>Usable rows by image id (the file name, compared case-insensitively).</summary>
    public IReadOnlyDictionary<string, FracAtlasCsvRow> Rows => _rows;

    /// <summary>Rows that could not be used (too short, no image id, duplicates).</summary>
    public int SkippedRows { get; }

    /// <summary>The first problems found, for a person to read.</summary>
    public IReadOnlyList<string> Problems { get; }

    public FracAtlasCsvRow? Find(string fileName) => _rows.GetValueOrDefault(fileName);

    public static FracAtlasCsv Parse(string text)
    {
        var rows = new Dictionary<string, FracAtlasCsvRow>(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        var skipped = 0;
        void Problem(string message)
        {
            skipped++;
            if (problems.Count < MaxProblemsKept)
                problems.Add(message);
        }

        using var lines = Csv.Lines(text).GetEnumerator();
        if (!lines.MoveNext())
        {
            problems.Add("dataset.csv is empty.");
            return new FracAtlasCsv(rows, 0, problems);
        }
        var header = Csv.ParseLine(lines.Current).Select(h => h.Trim().ToLowerInvariant()).ToList();
        var idColumn = header.IndexOf("image_id");
        if (idColumn < 0)
        {
            problems.Add($"dataset.csv has no image_id column (header: {lines.Current}); it is ignored.");
            return new FracAtlasCsv(rows, 0, problems);
        }
        var partColumns = BodyParts.Select(p => header.IndexOf(p)).ToArray();
        var fracturedColumn = header.IndexOf("fractured");
        foreach (var missing in BodyParts.Where((_, i) => partColumns[i] < 0))
            problems.Add($"dataset.csv has no '{missing}' column.");

        var lineNumber = 1;
        while (lines.MoveNext())
        {
            lineNumber++;
            var fields = Csv.ParseLine(lines.Current);
            var id = idColumn < fields.Count ? fields[idColumn].Trim() : string.Empty;
            if (id.Length == 0)
            {
                Problem($"line {lineNumber}: no image_id.");
                continue;
            }
            if (rows.ContainsKey(id))
            {
                Problem($"line {lineNumber}: image_id '{id}' appears again; the first row is kept.");
                continue;
            }
            var flags = partColumns.Select(c => c >= 0 && c < fields.Count ? Flag(fields[c]) : null).ToArray();
            rows[id] = new FracAtlasCsvRow(id, BodyPartFrom(flags), fracturedColumn >= 0 && fracturedColumn < fields.Count ? Flag(fields[fracturedColumn]) : null);
            if (fields.Count < header.Count && problems.Count < MaxProblemsKept)
                problems.Add($"line {lineNumber}: {fields.Count} of {header.Count} columns; missing values are unknown.");
        }
        return new FracAtlasCsv(rows, skipped, problems);
    }

    private static string? BodyPartFrom(bool?[] flags)
    {
        // flags follow BodyParts: hand, leg, hip, shoulder, mixed.
        if (flags[4] == true)
            return "mixed";
        var set = Enumerable.Range(0, 4).Where(i => flags[i] == true).ToList();
        return set.Count switch
        {
            0 => null,
            1 => BodyParts[set[0]],
            _ => "mixed",
        };
    }

    private static bool? Flag(string value)
    {
        var v = value.Trim();
        if (v.Equals("true", StringComparison.OrdinalIgnoreCase))
            return true;
        if (v.Equals("false", StringComparison.OrdinalIgnoreCase))
            return false;
        return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d != 0 : null;
    }
}
