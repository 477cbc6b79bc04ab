using System.Text;

namespace FracCluster.Storage.Tests;

/// <summary>The behaviour every <see cref="IBlobStore"/> promises; each implementation runs this same suite.</summary>
public abstract class BlobStoreContractTests
{
    protected abstract IBlobStore Store { get; }

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public async Task Put_then_get_returns_the_same_bytes()
    {
        await Store.PutAsync("scans/a/1.bin", Bytes("hello"));

        Assert.Equal(Bytes("hello"), await Store.GetAsync("scans/a/1.bin"));
        Assert.True(await Store.ExistsAsync("scans/a/1.bin"));
    }

    [Fact]
    public async Task Put_from_a_stream_stores_the_stream_content()
    {
        var payload = new byte[300_000];
        new Random(7).NextBytes(payload);
        using var stream = new MemoryStream(payload);

        await Store.PutAsync("big/payload.bin", stream);

        Assert.Equal(payload, await Store.GetAsync("big/payload.bin"));
    }

    /// <summary>The size of a B0 gradient blob in cluster fine-tuning (B6's is 163 MB), read back in pieces as the coordinator does.</summary>
    [Fact]
    public async Task A_40_MB_blob_round_trips_through_put_and_open_read()
    {
        var payload = new byte[40_000_000];
        new Random(11).NextBytes(payload);

        await Store.PutAsync("big/gradient.f32", payload.AsMemory());

        await using var stream = await Store.OpenReadAsync("big/gradient.f32");
        var back = new byte[payload.Length + 1];
        var read = await stream.ReadAtLeastAsync(back, back.Length, throwOnEndOfStream: false);
        Assert.Equal(payload.Length, read);
        Assert.True(payload.AsSpan().SequenceEqual(back.AsSpan(0, read)));
    }

    [Fact]
    public async Task Overwrite_replaces_the_whole_content()
    {
        await Store.PutAsync("runs/r1/state.json", Bytes("a much longer first version"));
        await Store.PutAsync("runs/r1/state.json", Bytes("v2"));

        Assert.Equal(Bytes("v2"), await Store.GetAsync("runs/r1/state.json"));
    }

    [Fact]
    public async Task Concurrent_overwrites_leave_one_complete_version()
    {
        var versions = Enumerable.Range(0, 8).Select(i => Enumerable.Repeat((byte)i, 50_000 + i).ToArray()).ToArray();

        await Task.WhenAll(versions.Select(v => Store.PutAsync("race/blob.bin", v)));

        var stored = await Store.GetAsync("race/blob.bin");
        Assert.NotNull(stored);
        Assert.Contains(versions, v => v.AsSpan().SequenceEqual(stored));
    }

    [Fact]
    public async Task Missing_blob_reads_as_null_and_does_not_exist()
    {
        Assert.Null(await Store.GetAsync("nothing/here.bin"));
        Assert.False(await Store.ExistsAsync("nothing/here.bin"));
    }

    [Fact]
    public async Task OpenRead_streams_the_content()
    {
        await Store.PutAsync("open/x.txt", Bytes("stream me"));

        await using var stream = await Store.OpenReadAsync("open/x.txt");
        using var reader = new StreamReader(stream);

        Assert.Equal("stream me", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task OpenRead_of_a_missing_blob_throws_BlobNotFoundException_naming_the_key()
    {
        var ex = await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.OpenReadAsync("open/missing.txt"));

        Assert.Equal("open/missing.txt", ex.Key);
    }

    [Fact]
    public async Task List_returns_keys_with_the_prefix_in_ordinal_order()
    {
        foreach (var key in new[] { "ds/b/2.png", "ds/a/1.png", "ds/B/3.png", "ds/a/10.png", "dsx/other.png", "ds/a/1.png.meta" })
            await Store.PutAsync(key, Bytes(key));

        var all = await ToListAsync(Store.ListAsync("ds/"));
        var underA = await ToListAsync(Store.ListAsync("ds/a/1"));

        Assert.Equal(["ds/B/3.png", "ds/a/1.png", "ds/a/1.png.meta", "ds/a/10.png", "ds/b/2.png"], all);
        Assert.Equal(["ds/a/1.png", "ds/a/1.png.meta", "ds/a/10.png"], underA);
    }

    [Fact]
    public async Task List_with_an_empty_prefix_returns_every_key_and_an_unknown_prefix_none()
    {
        await Store.PutAsync("k1", Bytes("1"));
        await Store.PutAsync("z/k2", Bytes("2"));

        Assert.Equal(["k1", "z/k2"], await ToListAsync(Store.ListAsync(string.Empty)));
        Assert.Empty(await ToListAsync(Store.ListAsync("no/such/prefix/")));
    }

    [Fact]
    public async Task Delete_removes_the_blob_and_reports_whether_it_existed()
    {
        await Store.PutAsync("del/x", Bytes("x"));

        Assert.True(await Store.DeleteAsync("del/x"));
        Assert.False(await Store.DeleteAsync("del/x"));
        Assert.Null(await Store.GetAsync("del/x"));
        Assert.Empty(await ToListAsync(Store.ListAsync("del/")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/abs/key")]
    [InlineData("a/../b")]
    [InlineData("./a")]
    [InlineData("a\\b")]
    public async Task Invalid_keys_are_refused_before_any_io(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, Bytes("x")));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.GetAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenReadAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ExistsAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteAsync(key));
    }

    [Fact]
    public async Task List_refuses_a_prefix_that_escapes_the_root()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await ToListAsync(Store.ListAsync("../")));
    }

    protected static async Task<List<string>> ToListAsync(IAsyncEnumerable<string> source)
    {
        var list = new List<string>();
        await foreach (var item in source)
            list.Add(item);
        return list;
    }
}
