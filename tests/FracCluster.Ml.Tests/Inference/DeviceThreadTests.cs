using FracCluster.Ml.Inference;
using static TorchSharp.torch;

namespace FracCluster.Ml.Tests.Inference;

public sealed class DeviceThreadTests
{
    [Fact]
    public async Task All_work_runs_on_one_dedicated_thread()
    {
        using var deviceThread = new DeviceThread("cpu");

        var first = await deviceThread.InvokeAsync(() => Environment.CurrentManagedThreadId);
        var second = await deviceThread.InvokeAsync(() => Environment.CurrentManagedThreadId);
        var onThread = await deviceThread.InvokeAsync(() => deviceThread.IsCurrentThread);

        Assert.Equal(first, second);
        Assert.NotEqual(Environment.CurrentManagedThreadId, first);
        Assert.True(onThread);
        Assert.False(deviceThread.IsCurrentThread);
    }

    [Fact]
    public async Task Work_cancelled_while_queued_never_runs()
    {
        using var deviceThread = new DeviceThread("cpu");
        using var gate = new ManualResetEventSlim();
        using var cts = new CancellationTokenSource();
        var ran = false;
        var blocker = deviceThread.InvokeAsync(() => gate.Wait(TimeSpan.FromSeconds(30)));
        var queued = deviceThread.InvokeAsync(() => ran = true, cts.Token);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        gate.Set();
        await blocker;
        await deviceThread.InvokeAsync(() => 0);

        Assert.False(ran);
    }

    [Fact]
    public async Task A_failing_work_item_fails_its_caller_and_the_thread_keeps_serving()
    {
        using var deviceThread = new DeviceThread("cpu");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => deviceThread.InvokeAsync<int>(() => throw new InvalidOperationException("boom")));

        Assert.Equal("boom", error.Message);
        Assert.Equal(42, await deviceThread.InvokeAsync(() => 42));
    }

    [Fact]
    public async Task Dispose_runs_the_work_already_queued_and_refuses_new_work()
    {
        var deviceThread = new DeviceThread("cpu", queueCapacity: 8);
        using var gate = new ManualResetEventSlim();
        var blocker = deviceThread.InvokeAsync(() => gate.Wait(TimeSpan.FromSeconds(30)));
        var queued = deviceThread.InvokeAsync(() => 7);

        gate.Set();
        deviceThread.Dispose();

        Assert.Equal(7, await queued);
        Assert.True(await blocker);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => deviceThread.InvokeAsync(() => 1));
    }

    [Fact]
    public async Task Grad_mode_set_inside_a_work_item_does_not_leak_to_the_next()
    {
        using var deviceThread = new DeviceThread("cpu");

        var inside = await deviceThread.InvokeAsync(() =>
        {
            using var mode = inference_mode();
            return is_inference_mode_enabled();
        });
        var after = await deviceThread.InvokeAsync(is_inference_mode_enabled);

        Assert.True(inside);
        Assert.False(after);
    }

    [Fact]
    public async Task High_priority_work_runs_before_normal_work_queued_ahead_of_it_but_never_interrupts_the_running_item()
    {
        using var deviceThread = new DeviceThread("cpu", queueCapacity: 8);
        using var gate = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var order = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var running = deviceThread.InvokeAsync(() =>
        {
            started.Set();
            gate.Wait(TimeSpan.FromSeconds(30));
            order.Enqueue("running");
            return 0;
        });
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
        var normal = Enumerable.Range(0, 3).Select(i => deviceThread.InvokeAsync(() =>
        {
            order.Enqueue($"normal{i}");
            return i;
        })).ToList();
        var urgent = Enumerable.Range(0, 2).Select(i => deviceThread.InvokeAsync(() =>
        {
            order.Enqueue($"urgent{i}");
            return i;
        }, WorkPriority.High)).ToList();

        gate.Set();
        await Task.WhenAll([running, .. normal, .. urgent]);

        Assert.Equal(["running", "urgent0", "urgent1", "normal0", "normal1", "normal2"], order.ToArray());
    }

    [Fact]
    public async Task Dispose_runs_high_priority_work_already_queued_too()
    {
        var deviceThread = new DeviceThread("cpu", queueCapacity: 8);
        using var gate = new ManualResetEventSlim();
        var blocker = deviceThread.InvokeAsync(() => gate.Wait(TimeSpan.FromSeconds(30)));
        var urgent = deviceThread.InvokeAsync(() => 9, WorkPriority.High);

        gate.Set();
        deviceThread.Dispose();

        Assert.Equal(9, await urgent);
        Assert.True(await blocker);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => deviceThread.InvokeAsync(() => 1, WorkPriority.High));
    }

    [Fact]
    public async Task Low_priority_work_runs_only_after_normal_and_high_priority_work_queued_after_it()
    {
        using var deviceThread = new DeviceThread("cpu", queueCapacity: 8);
        using var gate = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var order = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var running = deviceThread.InvokeAsync(() =>
        {
            started.Set();
            gate.Wait(TimeSpan.FromSeconds(30));
            order.Enqueue("running");
            return 0;
        }, WorkPriority.Low);
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
        var background = Enumerable.Range(0, 2).Select(i => deviceThread.InvokeAsync(() =>
        {
            order.Enqueue($"low{i}");
            return i;
        }, WorkPriority.Low)).ToList();
        var normal = deviceThread.InvokeAsync(() =>
        {
            order.Enqueue("normal");
            return 1;
        });
        var urgent = deviceThread.InvokeAsync(() =>
        {
            order.Enqueue("urgent");
            return 2;
        }, WorkPriority.High);

        gate.Set();
        await Task.WhenAll([running, .. background, normal, urgent]);

        Assert.Equal(["running", "urgent", "normal", "low0", "low1"], order.ToArray());
    }

    [Fact]
    public async Task Dispose_runs_low_priority_work_already_queued_too()
    {
        var deviceThread = new DeviceThread("cpu", queueCapacity: 8);
        using var gate = new ManualResetEventSlim();
        var blocker = deviceThread.InvokeAsync(() => gate.Wait(TimeSpan.FromSeconds(30)));
        var background = deviceThread.InvokeAsync(() => 5, WorkPriority.Low);

        gate.Set();
        deviceThread.Dispose();

        Assert.Equal(5, await background);
        Assert.True(await blocker);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => deviceThread.InvokeAsync(() => 1, WorkPriority.Low));
    }
}
