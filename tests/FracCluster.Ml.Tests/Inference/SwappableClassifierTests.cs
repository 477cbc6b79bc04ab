using FracCluster.Ml.Inference;

namespace FracCluster.Ml.Tests.Inference;

public sealed class SwappableClassifierTests
{
    private const string OldSha = "aaaaaaaaaaaaaaaaaaaa";
    private const string NewSha = "bbbbbbbbbbbbbbbbbbbb";

    [Fact]
    public async Task A_call_in_progress_finishes_on_the_old_version_while_new_calls_use_the_new_one()
    {
        using var deviceThread = new DeviceThread("cpu");
        var oldEngine = EngineFactory.Create(seed: 1, deviceThread: deviceThread, weightsSha: OldSha);
        var newEngine = EngineFactory.Create(seed: 2, deviceThread: deviceThread, weightsSha: NewSha);
        using var holder = new SwappableClassifier(oldEngine);
        using var gate = new ManualResetEventSlim();
        var blocker = deviceThread.InvokeAsync(() => gate.Wait(TimeSpan.FromSeconds(30)));

        var inProgress = holder.ClassifyAsync(TestImages.Many(2));
        var swapped = holder.SwapAsync(newEngine);
        var afterSwap = holder.ClassifyAsync(TestImages.Many(2));

        Assert.Same(newEngine, holder.Current);
        Assert.False(swapped.IsCompleted);
        Assert.False(oldEngine.Released.IsCompleted);
        gate.Set();
        await blocker;
        Assert.All(await inProgress, r => Assert.Equal(oldEngine.Model.VersionLabel, r.ModelVersion));
        Assert.All(await afterSwap, r => Assert.Equal(newEngine.Model.VersionLabel, r.ModelVersion));
        await swapped;
        Assert.True(oldEngine.Released.IsCompleted);
        Assert.False(newEngine.Released.IsCompleted);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => oldEngine.ClassifyAsync(TestImages.Many(1)));
    }

    [Fact]
    public async Task Swapping_an_idle_version_frees_it_at_once()
    {
        var oldEngine = EngineFactory.Create(seed: 1, weightsSha: OldSha);
        using var holder = new SwappableClassifier(oldEngine);
        await holder.ClassifyAsync(TestImages.Many(1));

        await holder.SwapAsync(EngineFactory.Create(seed: 2, weightsSha: NewSha));

        Assert.True(oldEngine.Released.IsCompleted);
        Assert.Equal(NewSha[..12], holder.Model.VersionLabel[^12..]);
    }

    [Fact]
    public async Task Disposing_the_holder_frees_the_current_version_and_refuses_calls()
    {
        var engine = EngineFactory.Create();
        var holder = new SwappableClassifier(engine);

        holder.Dispose();

        await engine.Released;
        await Assert.ThrowsAsync<ObjectDisposedException>(() => holder.ClassifyAsync(TestImages.Many(1)));
        using var next = EngineFactory.Create();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => holder.SwapAsync(next));
    }
}
