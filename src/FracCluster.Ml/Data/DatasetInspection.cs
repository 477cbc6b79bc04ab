namespace FracCluster.Ml.Data;

/// <summary>What <see cref="DatasetInspector"/> found in a source.</summary>
public sealed record DatasetInspection
{
    public required string Description { get; init; }

    public required IReadOnlyList<string> ClassNames { get; init; }

    public required int TotalImages { get; init; }

    /// <summary>Images per class, in class order (a class without images has 0).</summary>
    public required IReadOnlyList<ClassCount> Classes { get; init; }

    /// <summary>Per body part and class; empty when the source has no body parts (no dataset.csv).</summary>
    public required IReadOnlyList<BodyPartCount> BodyParts { get; init; }

    public SizeSummary? Widths { get; init; }

    public SizeSummary? Heights { get; init; }

    /// <summary>Image formats seen (JPEG, PNG…) with their counts.</summary>
    public required IReadOnlyDictionary<string, int> Formats { get; init; }

    public required IReadOnlyList<UnreadableImage> Unreadable { get; init; }

    public required IReadOnlyList<DuplicateGroup> Duplicates { get; init; }

    /// <summary>Things a person should know: a missing or partial dataset.csv, empty classes, labels that disagree with the csv.</summary>
    public required IReadOnlyList<string> Notes { get; init; }
}
