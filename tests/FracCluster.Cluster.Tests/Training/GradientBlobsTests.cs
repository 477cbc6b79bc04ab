using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Grains.Training;
using FracCluster.Storage;

namespace FracCluster.Cluster.Tests.Training;

public sealed class GradientBlobsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FileBlobStore _blobs;

    public GradientBlobsTests() => _blobs = new FileBlobStore(_folder.Path);

    [Fact]
    public async Task A_gradient_read_back_in_pieces_adds_up_exactly_like_the_one_in_memory()
    {
        // Over 1 MiB of floats, so the streamed sum crosses piece boundaries.
        var a = Values(300_001, seed: 1);
        var b = Values(300_001, seed: 2);
        await GradientBlobs.WriteAsync(_blobs, "g/a.f32", a, CancellationToken.None);
        await GradientBlobs.WriteAsync(_blobs, "g/b.f32", b, CancellationToken.None);

        var streamed = new GradientSum(a.Length);
        await GradientBlobs.AddAsync(_blobs, "g/a.f32", streamed, CancellationToken.None);
        await GradientBlobs.AddAsync(_blobs, "g/b.f32", streamed, CancellationToken.None);
        var inMemory = new GradientSum(a.Length);
        inMemory.Add(a);
        inMemory.Add(b);

        Assert.Equal(inMemory.Average(3), streamed.Average(3));
        Assert.Equal(a, await GradientBlobs.ReadAsync(_blobs, "g/a.f32", a.Length, CancellationToken.None));
    }

    [Fact]
    public async Task A_gradient_blob_of_the_wrong_size_is_refused_with_its_key_and_sizes()
    {
        await GradientBlobs.WriteAsync(_blobs, "g/short.f32", Values(10, seed: 3), CancellationToken.None);
        await _blobs.PutAsync("g/torn.f32", new byte[4 * 10 + 2]);

        var tooFew = await Assert.ThrowsAsync<InvalidDataException>(() => GradientBlobs.AddAsync(_blobs, "g/short.f32", new GradientSum(12), CancellationToken.None));
        Assert.Contains("g/short.f32", tooFew.Message);
        Assert.Contains("10 values", tooFew.Message);
        var tooMany = await Assert.ThrowsAsync<InvalidDataException>(() => GradientBlobs.AddAsync(_blobs, "g/short.f32", new GradientSum(8), CancellationToken.None));
        Assert.Contains("more than the 8 parameters", tooMany.Message);
        var torn = await Assert.ThrowsAsync<InvalidDataException>(() => GradientBlobs.AddAsync(_blobs, "g/torn.f32", new GradientSum(10), CancellationToken.None));
        Assert.Contains("ends inside a float32 value", torn.Message);
        var wrongUpdate = await Assert.ThrowsAsync<InvalidDataException>(() => GradientBlobs.ReadAsync(_blobs, "g/short.f32", 11, CancellationToken.None));
        Assert.Contains("holds 40 bytes; 11 parameters need 44", wrongUpdate.Message);
        var longUpdate = await Assert.ThrowsAsync<InvalidDataException>(() => GradientBlobs.ReadAsync(_blobs, "g/short.f32", 9, CancellationToken.None));
        Assert.Contains("holds more than 36 bytes", longUpdate.Message);
        await Assert.ThrowsAsync<BlobNotFoundException>(() => GradientBlobs.ReadAsync(_blobs, "g/missing.f32", 10, CancellationToken.None));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(100L * 1024 * 1024)]
    public void An_inline_gradient_limit_outside_what_Orleans_carries_is_refused(long bytes)
    {
        var result = new ClusterTrainingOptionsValidator().Validate(null, new ClusterTrainingOptions { FineTuneInlineGradientBytes = bytes });

        Assert.True(result.Failed);
        Assert.Contains("FineTuneInlineGradientBytes", result.FailureMessage);
    }

    private static float[] Values(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() - 0.5) * 1e-3f).ToArray();
    }

    public void Dispose() => _folder.Dispose();
}
