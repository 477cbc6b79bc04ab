using System.Globalization;

namespace FracCluster.Ml.Data;

/// <summary>Fractions of each class that go to train, validation and test. They sum to 1; train is positive.</summary>
public sealed record SplitRatios
{
    public SplitRatios(double train, double validation, double test)
    {
        foreach (var (name, value) in new[] { ("train", train), ("validation", validation), ("test", test) })
        {
            if (!double.IsFinite(value) || value < 0 || value > 1)
                throw new ArgumentOutOfRangeException(name, value, $"The {name} ratio must be between 0 and 1.");
        }
        if (train <= 0)
            throw new ArgumentOutOfRangeException(nameof(train), train, "The train ratio must be positive.");
        if (Math.Abs(train + validation + test - 1) > 1e-6)
            throw new ArgumentException($"Split ratios {train}, {validation}, {test} must sum to 1.");
        Train = train;
        Validation = validation;
        Test = test;
    }

    /// <summary>80/10/10, the original method's split.</summary>
    public static SplitRatios Default { get; } = new(0.8, 0.1, 0.1);

    public double Train { get; }

    public double Validation { get; }

    public double Test { get; }

    public double For(SplitName split) => split switch
    {
        SplitName.Train => Train,
        SplitName.Validation => Validation,
        _ => Test,
    };

    /// <summary>Parses "0.8,0.1,0.1", "0.8/0.1/0.1" or percentages "80/10/10".</summary>
    public static SplitRatios Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split([',', '/', ':'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || !parts.All(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            throw new FormatException($"Split ratios '{text}' must be three numbers: train,validation,test (e.g. 0.8,0.1,0.1 or 80/10/10).");
        var values = parts.Select(p => double.Parse(p, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        var sum = values.Sum();
        if (Math.Abs(sum - 100) < 1e-6)
            values = values.Select(v => v / 100).ToArray();
        return new SplitRatios(values[0], values[1], values[2]);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Train:R},{Validation:R},{Test:R}");
}
