using FracCluster.Ml.Metrics;

namespace FracCluster.Ml.Tests.Metrics;

public sealed class SampleStatisticsTests
{
    [Fact]
    public void The_median_is_the_middle_value_or_the_mean_of_the_two_middle_ones_and_NaN_for_none()
    {
        Assert.Equal(5.0, SampleStatistics.Median([9, 1, 5]));
        Assert.Equal(4.5, SampleStatistics.Median([9, 1, 4, 5]));
        Assert.True(double.IsNaN(SampleStatistics.Median([])));
    }
}
