using System.Text;

namespace FracCluster.Ml.Checkpoints;

/// <summary>
/// Weights that do not fit the model: keys missing from the file, keys the model does not have, and shape mismatches,
/// each listed by name (in the file's own naming). When the shapes point at another variant, <see cref="SuggestedVariant"/> says which.
/// </summary>
public sealed class StateDictMismatchException : CheckpointException
{
    // A whole block of a too-shallow model is ~22 tensors; listing up to 40 names them all instead of cutting one off.
    private const int ListedPerKind = 40;

    public StateDictMismatchException(
        string modelDescription,
        IReadOnlyList<string> missingKeys,
        IReadOnlyList<string> unexpectedKeys,
        IReadOnlyList<ShapeMismatch> shapeMismatches,
        string? suggestedVariant = null,
        string? hint = null)
        : base(Describe(modelDescription, missingKeys, unexpectedKeys, shapeMismatches, suggestedVariant, hint))
    {
        MissingKeys = missingKeys;
        UnexpectedKeys = unexpectedKeys;
        ShapeMismatches = shapeMismatches;
        SuggestedVariant = suggestedVariant;
    }

    public IReadOnlyList<string> MissingKeys { get; }

    public IReadOnlyList<string> UnexpectedKeys { get; }

    public IReadOnlyList<ShapeMismatch> ShapeMismatches { get; }

    /// <summary>The variant ("b6") whose shapes the file matches, when it is not the one asked for.</summary>
    public string? SuggestedVariant { get; }

    private static string Describe(
        string model,
        IReadOnlyList<string> missing,
        IReadOnlyList<string> unexpected,
        IReadOnlyList<ShapeMismatch> shapes,
        string? suggestedVariant,
        string? hint)
    {
        var sb = new StringBuilder();
        sb.Append("The weights do not fit ").Append(model).Append(':');
        sb.Append(' ').Append(missing.Count).Append(" missing key(s), ")
          .Append(unexpected.Count).Append(" unexpected key(s), ")
          .Append(shapes.Count).Append(" shape mismatch(es).");
        if (suggestedVariant is not null)
            sb.Append(" The tensor shapes match EfficientNet-").Append(suggestedVariant.ToUpperInvariant())
              .Append(": try --variant ").Append(suggestedVariant).Append('.');
        if (hint is not null)
            sb.Append(' ').Append(hint);
        AppendList(sb, "Missing", missing);
        AppendList(sb, "Unexpected", unexpected);
        AppendList(sb, "Shape mismatch", shapes.Select(s => s.ToString()).ToList());
        return sb.ToString();
    }

    private static void AppendList(StringBuilder sb, string title, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
            return;
        sb.AppendLine().Append(title).Append(':');
        foreach (var item in items.Take(ListedPerKind))
            sb.AppendLine().Append("  ").Append(item);
        if (items.Count > ListedPerKind)
            sb.AppendLine().Append("  … and ").Append(items.Count - ListedPerKind).Append(" more");
    }
}
