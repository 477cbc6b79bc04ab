using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FracCluster.Storage;

namespace FracCluster.Ml.Data;

/// <summary>
/// Which image is in which split, fixed for a run: class names (in model output order), seed, ratios and one entry per image
/// (file, SHA-256, label, split). Made by <see cref="Create"/> (seeded, stratified per class, identical images kept
/// together), saved with the run as JSON and CSV, identified by <see cref="Sha256"/> in checkpoint metadata, and reloadable
/// so a later run uses exactly the same split. Every manifest is checked for test images that also appear in train or
/// validation (<see cref="SplitLeakException"/>).
/// </summary>
public sealed class SplitManifest
{
    public const int FormatVersion = 1;
    public const string JsonFileName = "split-manifest.json";
    public const string CsvFileName = "split-manifest.csv";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly Dictionary<SplitName, IReadOnlyList<ManifestEntry>> _bySplit;
    private string? _sha256;

    private SplitManifest(IReadOnlyList<string> classNames, int seed, SplitRatios ratios, IReadOnlyList<ManifestEntry> entries)
    {
        ClassNames = classNames;
        Seed = seed;
        Ratios = ratios;
        Entries = entries;
        _bySplit = Enum.GetValues<SplitName>().ToDictionary(s => s, s => (IReadOnlyList<ManifestEntry>)entries.Where(e => e.Split == s).ToArray());
    }

    /// <summary>Class names in model output order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    public int Seed { get; }

    public SplitRatios Ratios { get; }

    /// <summary>Every image, in ordinal path order.</summary>
    public IReadOnlyList<ManifestEntry> Entries { get; }

    /// <summary>SHA-256 (lowercase hex) of the canonical form: the manifest's identity in checkpoint metadata.</summary>
    public string Sha256 => _sha256 ??= DatasetHashing.Sha256Hex(Encoding.UTF8.GetBytes(CanonicalText()));

    /// <summary>The entries of one split, in ordinal path order.</summary>
    public IReadOnlyList<ManifestEntry> For(SplitName split) => _bySplit[split];

    public int Count(SplitName split, string label) => _bySplit[split].Count(e => e.Label == label);

    /// <summary>
    /// Splits <paramref name="entries"/>: images with the same SHA-256 form one group (always one split); within each class,
    /// groups sorted by hash are shuffled with <paramref name="seed"/> and dealt to the split furthest below its target
    /// (targets by largest remainder, so 10 images give 8/1/1). The result depends only on the set of entries, the class
    /// names, the seed and the ratios: never on enumeration order. A duplicate group with mixed labels is placed by its
    /// majority label (ties: the earlier class) and keeps each file's own label.
    /// </summary>
    /// <exception cref="DatasetException">An entry's label is not a class, a class has no images, a path repeats, or a hash is malformed.</exception>
    public static SplitManifest Create(IEnumerable<HashedEntry> entries, IReadOnlyList<string> classNames, int seed, SplitRatios? ratios = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(classNames);
        ratios ??= SplitRatios.Default;
        var list = entries.ToList();
        var problem = Problems(classNames, list.Select(e => (e.Path, e.Sha256, e.Label)), requireEveryClass: true).FirstOrDefault();
        if (problem is not null)
            throw new DatasetException(problem);

        var classIndex = classNames.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var groups = list
            .GroupBy(e => e.Sha256.ToLowerInvariant(), StringComparer.Ordinal)
            .Select(g => new Group(g.Key, g.OrderBy(e => e.Path, StringComparer.Ordinal).ToArray(), MajorityClass(g, classIndex)))
            .ToList();

        var assigned = new List<ManifestEntry>(list.Count);
        for (var c = 0; c < classNames.Count; c++)
        {
            var stratum = groups.Where(g => g.Stratum == c).OrderBy(g => g.Sha256, StringComparer.Ordinal).ToList();
            DeterministicRandom.For(seed, classNames[c]).Shuffle(stratum);
            // Big groups first while there is room to place them; the stable sort keeps the shuffled order among equals.
            stratum = stratum.OrderByDescending(g => g.Members.Length).ToList();
            var targets = Targets(stratum.Sum(g => g.Members.Length), ratios);
            var counts = new int[3];
            foreach (var group in stratum)
            {
                var split = 0;
                for (var s = 1; s < 3; s++)
                {
                    if (targets[s] - counts[s] > targets[split] - counts[split])
                        split = s;
                }
                counts[split] += group.Members.Length;
                assigned.AddRange(group.Members.Select(m => new ManifestEntry(m.Path, group.Sha256, m.Label, (SplitName)split)));
            }
        }
        var manifest = new SplitManifest(classNames.ToArray(), seed, ratios, assigned.OrderBy(e => e.Path, StringComparer.Ordinal).ToArray());
        manifest.EnsureNoLeak();
        return manifest;
    }

    /// <summary>Hashes every image of <paramref name="source"/> and splits them (<see cref="Create"/>) with the source's class order.</summary>
    public static async Task<SplitManifest> CreateAsync(
        IDatasetSource source, int seed, SplitRatios? ratios = null, int maxParallelism = 4, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var hashed = await DatasetHashing.HashAsync(source, null, maxParallelism, progress, cancellationToken);
        return Create(hashed, source.ClassNames, seed, ratios);
    }

    /// <summary>Test images whose content is also in train or validation; empty when the manifest is clean.</summary>
    public IReadOnlyList<SplitLeak> FindLeaks()
    {
        var seen = Entries.Where(e => e.Split != SplitName.Test).ToLookup(e => e.Sha256, StringComparer.Ordinal);
        return For(SplitName.Test)
            .Where(e => seen.Contains(e.Sha256))
            .Select(e => new SplitLeak(e.Path, e.Sha256, seen[e.Sha256].Select(o => o.Path).ToArray()))
            .ToArray();
    }

    /// <exception cref="SplitLeakException">A test image's content is also in train or validation; the message names the files.</exception>
    public void EnsureNoLeak()
    {
        var leaks = FindLeaks();
        if (leaks.Count > 0)
            throw new SplitLeakException(leaks);
    }

    /// <summary>
    /// Checks that the data still holds every manifest image with the same content, before a run reuses the manifest.
    /// Images added to the data since are not in the split and are not used.
    /// </summary>
    /// <exception cref="SplitManifestException">Files are missing or changed; the message names them.</exception>
    public void EnsureMatches(IEnumerable<HashedEntry> data)
    {
        var current = data.ToDictionary(e => e.Path, StringComparer.Ordinal);
        var missing = Entries.Where(e => !current.ContainsKey(e.Path)).Select(e => e.Path).ToList();
        var changed = Entries.Where(e => current.TryGetValue(e.Path, out var now) && !string.Equals(now.Sha256, e.Sha256, StringComparison.OrdinalIgnoreCase)).Select(e => e.Path).ToList();
        var relabelled = Entries.Where(e => current.TryGetValue(e.Path, out var now) && now.Label != e.Label).Select(e => e.Path).ToList();
        if (missing.Count == 0 && changed.Count == 0 && relabelled.Count == 0)
            return;
        var text = new StringBuilder("The data no longer matches the split manifest:");
        Append(text, "missing", missing);
        Append(text, "changed", changed);
        Append(text, "relabelled", relabelled);
        throw new SplitManifestException(text.ToString());

        static void Append(StringBuilder text, string what, List<string> paths)
        {
            if (paths.Count > 0)
                text.Append(CultureInfo.InvariantCulture, $"\n  {paths.Count} {what}: {string.Join(", ", paths.Take(10))}{(paths.Count > 10 ? ", …" : string.Empty)}");
        }
    }

    /// <summary>
    /// The text the hash is computed from: a version line, classes, seed, ratios, then one tab-separated line per entry in
    /// ordinal path order. Independent of JSON formatting, so the JSON and CSV forms of a manifest have the same hash.
    /// </summary>
    public string CanonicalText()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"fraccluster-split-manifest/{FormatVersion}\n");
        text.Append("classes\t").AppendJoin('\t', ClassNames).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"seed\t{Seed}\n");
        text.Append(CultureInfo.InvariantCulture, $"ratios\t{Ratios.Train:R}\t{Ratios.Validation:R}\t{Ratios.Test:R}\n");
        foreach (var e in Entries)
            text.Append(e.Path).Append('\t').Append(e.Sha256).Append('\t').Append(e.Label).Append('\t').Append(SplitText(e.Split)).Append('\n');
        return text.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(
        new JsonForm(FormatVersion, ClassNames, Seed, new JsonRatios(Ratios.Train, Ratios.Validation, Ratios.Test), Sha256,
            Entries.Select(e => new JsonEntry(e.Path, e.Sha256, e.Label, e.Split)).ToArray()),
        JsonOptions);

    /// <summary>Reads <see cref="ToJson"/>'s form. A recorded sha256 must match the content (remove it to accept an edited manifest).</summary>
    public static SplitManifest FromJson(string json)
    {
        JsonForm? form;
        try
        {
            form = JsonSerializer.Deserialize<JsonForm>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new SplitManifestException($"The split manifest is not valid JSON: {ex.Message}", ex);
        }
        if (form?.ClassNames is null || form.Entries is null || form.Ratios is null)
            throw new SplitManifestException("The split manifest lacks classNames, ratios or entries.");
        if (form.FormatVersion != FormatVersion)
            throw new SplitManifestException($"Split manifest format {form.FormatVersion} is not supported (expected {FormatVersion}).");
        var manifest = Load(form.ClassNames, form.Seed, MakeRatios(form.Ratios.Train, form.Ratios.Validation, form.Ratios.Test),
            form.Entries.Select(e => new ManifestEntry(e.Path, e.Sha256, e.Label, e.Split)));
        if (form.Sha256 is not null && !string.Equals(form.Sha256, manifest.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new SplitManifestException($"The split manifest's content hashes to {manifest.Sha256}, not its recorded sha256 {form.Sha256}: it was edited. Remove the sha256 field to accept the edit.");
        return manifest;
    }

    /// <summary>CSV with the settings in leading '#' lines, then <c>file,sha256,label,split</c>: readable in a spreadsheet and loadable again.</summary>
    public string ToCsv()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# fraccluster split manifest v{FormatVersion}\n");
        text.Append("# classes: ").AppendJoin(',', ClassNames.Select(Csv.Escape)).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"# seed: {Seed}\n");
        text.Append("# ratios: ").Append(Ratios.ToString()).Append('\n');
        text.Append("# sha256: ").Append(Sha256).Append('\n');
        text.Append("file,sha256,label,split\n");
        foreach (var e in Entries)
            text.Append(Csv.Escape(e.Path)).Append(',').Append(e.Sha256).Append(',').Append(Csv.Escape(e.Label)).Append(',').Append(SplitText(e.Split)).Append('\n');
        return text.ToString();
    }

    public static SplitManifest FromCsv(string csv)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var entries = new List<ManifestEntry>();
        var sawHeader = false;
        var lineNumber = 0;
        foreach (var line in Csv.Lines(csv))
        {
            lineNumber++;
            if (line.StartsWith('#'))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                    settings[line[1..colon].Trim()] = line[(colon + 1)..].Trim();
                continue;
            }
            var fields = Csv.ParseLine(line);
            if (!sawHeader)
            {
                if (!fields.Select(f => f.Trim()).SequenceEqual(["file", "sha256", "label", "split"], StringComparer.OrdinalIgnoreCase))
                    throw new SplitManifestException($"Split manifest CSV line {lineNumber}: expected the header 'file,sha256,label,split'.");
                sawHeader = true;
                continue;
            }
            if (fields.Count != 4 || !TryParseSplit(fields[3].Trim(), out var split))
                throw new SplitManifestException($"Split manifest CSV line {lineNumber}: expected file,sha256,label,split with split train|validation|test.");
            entries.Add(new ManifestEntry(fields[0], fields[1].Trim(), fields[2], split));
        }
        if (!settings.TryGetValue("classes", out var classes) || !settings.TryGetValue("seed", out var seedText) || !settings.TryGetValue("ratios", out var ratiosText))
            throw new SplitManifestException("Split manifest CSV lacks its '# classes:', '# seed:' or '# ratios:' lines.");
        if (!int.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed))
            throw new SplitManifestException($"Split manifest CSV seed '{seedText}' is not an integer.");
        SplitRatios ratios;
        try
        {
            ratios = SplitRatios.Parse(ratiosText);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new SplitManifestException($"Split manifest CSV ratios: {ex.Message}", ex);
        }
        var manifest = Load(Csv.ParseLine(classes), seed, ratios, entries);
        if (settings.TryGetValue("sha256", out var recorded) && !string.Equals(recorded, manifest.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new SplitManifestException($"The split manifest's content hashes to {manifest.Sha256}, not its recorded sha256 {recorded}: it was edited. Remove the '# sha256:' line to accept the edit.");
        return manifest;
    }

    /// <summary>Writes <c>{prefix}/split-manifest.json</c> and <c>.csv</c> into a blob store (a run folder).</summary>
    public async Task SaveAsync(IBlobStore store, string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await store.PutAsync(BlobKeys.Combine(prefix, JsonFileName), Encoding.UTF8.GetBytes(ToJson()), cancellationToken);
        await store.PutAsync(BlobKeys.Combine(prefix, CsvFileName), Encoding.UTF8.GetBytes(ToCsv()), cancellationToken);
    }

    /// <summary>Writes split-manifest.json and split-manifest.csv into a local folder (created if missing).</summary>
    public Task SaveToDirectoryAsync(string directory, CancellationToken cancellationToken = default) =>
        SaveAsync(new FileBlobStore(directory), string.Empty, cancellationToken);

    /// <summary>Loads a manifest blob (.json or .csv by extension).</summary>
    public static async Task<SplitManifest> LoadAsync(IBlobStore store, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var bytes = await store.GetAsync(key, cancellationToken) ?? throw new SplitManifestException($"Split manifest '{key}' does not exist.");
        return Parse(key, Encoding.UTF8.GetString(bytes));
    }

    /// <summary>Loads a manifest file (.json or .csv by extension).</summary>
    public static async Task<SplitManifest> LoadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
            throw new SplitManifestException($"Split manifest '{path}' does not exist.");
        return Parse(path, await File.ReadAllTextAsync(path, cancellationToken));
    }

    private static SplitManifest Parse(string name, string text) =>
        name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? FromCsv(text) : FromJson(text);

    private static SplitManifest Load(IReadOnlyList<string> classNames, int seed, SplitRatios ratios, IEnumerable<ManifestEntry> entries)
    {
        var list = entries.Select(e => e with { Sha256 = e.Sha256.ToLowerInvariant() }).ToList();
        var problem = Problems(classNames, list.Select(e => (e.Path, e.Sha256, e.Label)), requireEveryClass: false).FirstOrDefault();
        if (problem is not null)
            throw new SplitManifestException(problem);
        var manifest = new SplitManifest(classNames.ToArray(), seed, ratios, list.OrderBy(e => e.Path, StringComparer.Ordinal).ToArray());
        manifest.EnsureNoLeak();
        return manifest;
    }

    private static SplitRatios MakeRatios(double train, double validation, double test)
    {
        try
        {
            return new SplitRatios(train, validation, test);
        }
        catch (ArgumentException ex)
        {
            throw new SplitManifestException($"Split manifest ratios: {ex.Message}", ex);
        }
    }

    private static IEnumerable<string> Problems(IReadOnlyList<string> classNames, IEnumerable<(string Path, string Sha256, string Label)> entries, bool requireEveryClass)
    {
        if (classNames.Count < 2)
            yield return $"A split needs at least two classes; got {classNames.Count}.";
        foreach (var name in classNames)
        {
            if (string.IsNullOrWhiteSpace(name) || HasControlCharacters(name))
                yield return $"Class name '{name}' is empty or has control characters.";
        }
        if (classNames.Distinct(StringComparer.Ordinal).Count() != classNames.Count)
            yield return $"Class names repeat: {string.Join(", ", classNames)}.";
        var classes = classNames.ToHashSet(StringComparer.Ordinal);
        var paths = new HashSet<string>(StringComparer.Ordinal);
        var counts = classNames.ToDictionary(c => c, _ => 0, StringComparer.Ordinal);
        foreach (var (path, sha, label) in entries)
        {
            if (string.IsNullOrEmpty(path) || HasControlCharacters(path))
                yield return $"Image path '{path}' is empty or has control characters.";
            if (!paths.Add(path))
                yield return $"Image '{path}' appears twice.";
            if (sha is null || sha.Length != 64 || !sha.All(char.IsAsciiHexDigit))
                yield return $"Image '{path}' has a malformed SHA-256 '{sha}'.";
            if (!classes.Contains(label))
                yield return $"Image '{path}' has label '{label}', which is not one of the classes ({string.Join(", ", classNames)}).";
            else
                counts[label]++;
        }
        if (requireEveryClass)
        {
            foreach (var (name, count) in counts.Where(c => c.Value == 0))
                yield return $"Class '{name}' has no images: every class needs at least one to train and evaluate.";
        }
    }

    private static bool HasControlCharacters(string s) => s.Any(char.IsControl);

    private static int MajorityClass(IEnumerable<HashedEntry> members, Dictionary<string, int> classIndex) =>
        members.GroupBy(m => classIndex[m.Label]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;

    /// <summary>Largest-remainder rounding of n × ratio (ties: train, validation, test), so the three targets sum to n.</summary>
    private static int[] Targets(int n, SplitRatios ratios)
    {
        var raw = new[] { n * ratios.Train, n * ratios.Validation, n * ratios.Test };
        var targets = raw.Select(r => (int)Math.Floor(r + 1e-9)).ToArray();
        var order = Enumerable.Range(0, 3).OrderByDescending(i => raw[i] - targets[i]).ThenBy(i => i).ToArray();
        for (var k = 0; targets.Sum() < n; k++)
            targets[order[k % 3]]++;
        return targets;
    }

    private static string SplitText(SplitName split) => split switch
    {
        SplitName.Train => "train",
        SplitName.Validation => "validation",
        _ => "test",
    };

    private static bool TryParseSplit(string text, out SplitName split)
    {
        foreach (var s in Enum.GetValues<SplitName>())
        {
            if (string.Equals(SplitText(s), text, StringComparison.OrdinalIgnoreCase))
            {
                split = s;
                return true;
            }
        }
        split = default;
        return false;
    }

    private sealed record Group(string Sha256, HashedEntry[] Members, int Stratum);

    private sealed record JsonRatios(double Train, double Validation, double Test);

    private sealed record JsonEntry(string Path, string Sha256, string Label, SplitName Split);

    private sealed record JsonForm(int FormatVersion, IReadOnlyList<string> ClassNames, int Seed, JsonRatios Ratios, string? Sha256, IReadOnlyList<JsonEntry> Entries);
}
