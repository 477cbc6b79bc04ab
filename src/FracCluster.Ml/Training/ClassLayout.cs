namespace FracCluster.Ml.Training;

/// <summary>Class names in model output order and which one is positive; maps labels to indices.</summary>
public sealed record ClassLayout(IReadOnlyList<string> ClassNames, int PositiveClass)
{
    public int IndexOf(string label)
    {
        for (var i = 0; i < ClassNames.Count; i++)
        {
            if (string.Equals(ClassNames[i], label, StringComparison.Ordinal))
                return i;
        }
        throw new TrainingDataException($"Label '{label}' is not one of the classes {string.Join(", ", ClassNames)}.");
    }

    public bool IsPositive(string label) => IndexOf(label) == PositiveClass;
}
