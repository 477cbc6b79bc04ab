using FracCluster.Cli;

namespace FracCluster.Ml.Tests.Data;

public sealed class DatasetInspectCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Inspect_succeeds_on_a_dataset_folder()
    {
        _folder.Write("images/Fractured/a.png", TestImages.Png(1));
        _folder.Write("images/Non_fractured/b.png", TestImages.Png(2));

        Assert.Equal(0, await FracApp.Build().RunAsync(["dataset", "inspect", _folder.Path]));
    }

    [Fact]
    public async Task Inspect_of_a_missing_folder_fails_with_exit_code_2()
    {
        Assert.Equal(2, await FracApp.Build().RunAsync(["dataset", "inspect", Path.Combine(_folder.Path, "missing")]));
    }

    [Fact]
    public async Task An_unknown_layout_is_a_usage_error()
    {
        _folder.Write("a/x.png", TestImages.Png(1));

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => FracApp.Build().RunAsync(["dataset", "inspect", _folder.Path, "--layout", "weird"]));

        Assert.Contains("--layout 'weird'", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
