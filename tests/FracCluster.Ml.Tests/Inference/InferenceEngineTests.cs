using FracCluster.Imaging;
using FracCluster.Ml.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace FracCluster.Ml.Tests.Inference;

public sealed class InferenceEngineTests
{
    [Fact]
    public async Task Probabilities_match_a_direct_forward_pass_in_input_order()
    {
        var images = TestImages.Many(5);
        var expected = DirectProbabilities(images);
        using var engine = EngineFactory.Create();

        var results = await engine.ClassifyAsync(images);

        Assert.Equal(5, results.Count);
        for (var i = 0; i < images.Length; i++)
        {
            Assert.False(results[i].Rejected);
            Assert.Equal(expected[i], results[i].ProbabilityFractured, 5);
            Assert.Equal(expected[i] >= 0.5f ? "fractured" : "non_fractured", results[i].Label);
            Assert.Equal(5, results[i].ForwardBatchSize);
            Assert.Equal(engine.Model.VersionLabel, results[i].ModelVersion);
            Assert.True(results[i].ComputeMilliseconds > 0);
        }
        Assert.True(expected.Distinct().Count() > 1, "the test images should give different predictions");
    }

    [Fact]
    public async Task Unreadable_images_are_rejected_alone_and_their_batch_mates_are_unaffected()
    {
        var good = TestImages.Many(3);
        using var engine = EngineFactory.Create();
        var alone = await engine.ClassifyAsync(good);

        var mixed = new ReadOnlyMemory<byte>[] { good[0], TestImages.Garbage(), good[1], Array.Empty<byte>(), good[2] };
        var results = await engine.ClassifyAsync(mixed);

        Assert.True(results[1].Rejected);
        Assert.NotNull(results[1].RejectionReason);
        Assert.False(string.IsNullOrWhiteSpace(results[1].RejectionMessage));
        Assert.True(float.IsNaN(results[1].ProbabilityFractured));
        Assert.Null(results[1].Label);
        Assert.True(results[3].Rejected);
        Assert.Equal(nameof(ImageRejectionReason.Empty), results[3].RejectionReason);
        foreach (var (index, original) in new[] { (0, 0), (2, 1), (4, 2) })
        {
            Assert.False(results[index].Rejected);
            Assert.Equal(alone[original].ProbabilityFractured, results[index].ProbabilityFractured, 5);
            Assert.Equal(alone[original].Label, results[index].Label);
            Assert.Equal(3, results[index].ForwardBatchSize);
        }
    }

    [Fact]
    public async Task A_batch_of_only_unreadable_images_skips_the_forward_pass()
    {
        using var engine = EngineFactory.Create();
        var before = await engine.CountLiveTensorsAsync();

        var results = await engine.ClassifyAsync([TestImages.Garbage(), Array.Empty<byte>()]);

        Assert.All(results, r => Assert.True(r.Rejected));
        Assert.Equal(before, await engine.CountLiveTensorsAsync());
    }

    [Fact]
    public async Task More_images_than_the_batch_size_are_split_into_forward_passes_in_order()
    {
        var images = TestImages.Many(37);
        var expected = DirectProbabilities(images);
        using var engine = EngineFactory.Create(maxBatchSize: 16);

        var results = await engine.ClassifyAsync(images);

        Assert.Equal(37, results.Count);
        Assert.Equal(Enumerable.Repeat(16, 32).Concat(Enumerable.Repeat(5, 5)), results.Select(r => r.ForwardBatchSize));
        for (var i = 0; i < images.Length; i++)
            Assert.Equal(expected[i], results[i].ProbabilityFractured, 5);
    }

    [Fact]
    public async Task Forward_passes_run_on_the_device_thread_in_inference_mode_on_one_dense_batch()
    {
        var model = new TinyClassifier();
        using var engine = new InferenceEngine(model, EngineFactory.Metadata(), EngineFactory.Options());
        var deviceThreadId = await engine.DeviceThread.InvokeAsync(() => Environment.CurrentManagedThreadId);

        await engine.ClassifyAsync([TestImages.Png(1), TestImages.Garbage(), TestImages.Png(2)]);

        var (threadId, inferenceMode, shape) = model.LastForward!.Value;
        Assert.Equal(deviceThreadId, threadId);
        Assert.True(inferenceMode);
        Assert.Equal([2L, 3, EngineFactory.ImageSize, EngineFactory.ImageSize], shape);
    }

    [Fact]
    public async Task Concurrent_callers_each_get_their_own_results()
    {
        var requests = Enumerable.Range(0, 4).Select(r => TestImages.Many(5, firstSeed: 1 + (10 * r))).ToArray();
        var expected = requests.Select(DirectProbabilities).ToArray();
        using var engine = EngineFactory.Create(maxBatchSize: 3);

        var results = await Task.WhenAll(requests.Select(r => engine.ClassifyAsync(r)));

        for (var r = 0; r < requests.Length; r++)
        {
            for (var i = 0; i < 5; i++)
                Assert.Equal(expected[r][i], results[r][i].ProbabilityFractured, 5);
        }
    }

    [Fact]
    public async Task An_empty_request_returns_no_results()
    {
        using var engine = EngineFactory.Create();
        Assert.Empty(await engine.ClassifyAsync([]));
    }

    [Fact]
    public async Task No_tensor_outlives_its_batch()
    {
        using var engine = EngineFactory.Create(maxBatchSize: 4);
        var images = TestImages.Many(6).Append(TestImages.Garbage()).ToArray();
        await engine.WarmUpAsync();
        await engine.ClassifyAsync(images);
        var afterSecondRound = await engine.CountLiveTensorsAsync();

        for (var round = 0; round < 20; round++)
            await engine.ClassifyAsync(images);

        Assert.Equal(afterSecondRound, await engine.CountLiveTensorsAsync());
        Assert.Equal(0, afterSecondRound);
    }

    [Fact]
    public async Task Warm_up_runs_a_full_batch_and_marks_the_engine_warm()
    {
        using var engine = EngineFactory.Create();
        Assert.False(engine.IsWarm);

        await engine.WarmUpAsync();

        Assert.True(engine.IsWarm);
    }

    [Fact]
    public async Task Dispose_lets_a_call_in_progress_finish_and_then_frees_the_model()
    {
        using var deviceThread = new DeviceThread("cpu");
        using var gate = new ManualResetEventSlim();
        var blocker = deviceThread.InvokeAsync(() => gate.Wait(TimeSpan.FromSeconds(30)));
        var engine = EngineFactory.Create(deviceThread: deviceThread);

        var call = engine.ClassifyAsync(TestImages.Many(2));
        engine.Dispose();

        Assert.False(engine.Released.IsCompleted);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => engine.ClassifyAsync(TestImages.Many(1)));
        gate.Set();
        Assert.True(await blocker);
        var results = await call;
        Assert.All(results, r => Assert.False(r.Rejected));
        await engine.Released;
    }

    [Fact]
    public async Task Calls_after_dispose_are_refused()
    {
        var engine = EngineFactory.Create();
        engine.Dispose();

        await engine.Released;
        await Assert.ThrowsAsync<ObjectDisposedException>(() => engine.ClassifyAsync(TestImages.Many(1)));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => engine.WarmUpAsync());
    }

    [Fact]
    public void Metadata_that_does_not_fit_the_model_is_refused()
    {
        var metadata = EngineFactory.Metadata() with { ClassNames = ["a", "b", "c"] };
        using var model = new TinyClassifier();

        var error = Assert.Throws<ArgumentException>(() => new InferenceEngine(model, metadata, EngineFactory.Options()));

        Assert.Contains("3 classes", error.Message, StringComparison.Ordinal);
        Assert.Contains("2 outputs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Positive_class_outside_the_class_names_is_refused()
    {
        var metadata = EngineFactory.Metadata() with { PositiveClass = 2 };
        using var model = new TinyClassifier();

        var error = Assert.Throws<ArgumentException>(() => new InferenceEngine(model, metadata, EngineFactory.Options()));

        Assert.Contains("positive class 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelled_call_is_reported_as_cancelled()
    {
        using var engine = EngineFactory.Create();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.ClassifyAsync(TestImages.Many(3), cts.Token));
        Assert.Equal(3, (await engine.ClassifyAsync(TestImages.Many(3))).Count);
    }

    // The reference: the same preprocessing and weights, run directly on this thread.
    private static float[] DirectProbabilities(ReadOnlyMemory<byte>[] images)
    {
        var pipeline = new ImagePipeline(new ImageLimits(), EngineFactory.Metadata().Preprocess);
        using var model = new TinyClassifier();
        model.eval();
        using var mode = inference_mode();
        using var scope = NewDisposeScope();
        var size = EngineFactory.ImageSize;
        var data = images.SelectMany(i => pipeline.DecodeAndPreprocess(i.Span)).ToArray();
        var input = tensor(data, [images.Length, 3, size, size]);
        var probabilities = softmax(model.forward(input), 1);
        return probabilities.select(1, 0).data<float>().ToArray();
    }
}
