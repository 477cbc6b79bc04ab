using FracCluster.Ml.Inference;

namespace FracCluster.Ml.Tests.Inference;

public sealed class InferenceOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        var options = new InferenceOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(16, options.MaxBatchSize);
        Assert.Equal("cpu", options.Device);
    }

    [Fact]
    public void Every_bad_setting_is_named()
    {
        var options = new InferenceOptions { Device = "tpu", Threads = -1, MaxBatchSize = 0, QueueCapacity = 0, DecodeParallelism = -2 };

        var errors = options.Validate();

        Assert.Equal(5, errors.Count);
        Assert.Contains(errors, e => e.Contains("'tpu'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Threads", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("MaxBatchSize", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("QueueCapacity", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("DecodeParallelism", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(options.EnsureValid);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("cuda")]
    [InlineData("cuda:1")]
    [InlineData(" CUDA:0 ")]
    public void Device_names_are_accepted(string device) =>
        Assert.Empty(new InferenceOptions { Device = device }.Validate());

    [Theory]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("gpu")]
    public void Malformed_device_names_are_refused(string device) =>
        Assert.Single(new InferenceOptions { Device = device }.Validate());

    [Fact]
    public void The_options_validator_reports_failures_for_start_up_validation()
    {
        var result = new InferenceOptionsValidator().Validate(null, new InferenceOptions { MaxBatchSize = 2000 });

        Assert.True(result.Failed);
        Assert.Contains("MaxBatchSize", result.FailureMessage, StringComparison.Ordinal);
    }
}
