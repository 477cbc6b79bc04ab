using System.Text.Json;

namespace FracCluster.Container.Tests;

/// <summary>
/// The production properties the manifests assume of the image deploy/build-local.sh builds (deploy/Dockerfile.debian),
/// read from the built image and from processes run in it, not from the Dockerfile's text. That TorchSharp loads in it
/// is shown by every silo of the other tests reaching /readyz (model loaded and warmed up).
/// </summary>
[Collection(ContainerCollection.Name)]
public sealed class SiloImageTests(LocalImages images)
{
    private readonly Podman _podman = images.Podman;

    [PodmanFact]
    public async Task Image_runs_as_uid_1654_with_the_arena_cap_and_the_silo_ports()
    {
        using var inspect = JsonDocument.Parse(await _podman.RunAsync("image", "inspect", "--format", "{{json .Config}}", images.Options.SiloImage));
        var config = inspect.RootElement;
        Assert.Equal("1654", config.GetProperty("User").GetString());
        var env = config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains("MALLOC_ARENA_MAX=2", env);
        Assert.Contains("ASPNETCORE_HTTP_PORTS=8080", env);
        Assert.Equal(["11111/tcp", "30000/tcp", "8080/tcp"], config.GetProperty("ExposedPorts").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["/app/FracCluster.Silo"], config.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()));
    }

    [PodmanFact]
    public async Task On_a_read_only_root_the_app_user_writes_only_to_tmp_and_finds_no_sdk_or_compiler()
    {
        // As the manifests run it: read-only root, /tmp a volume, all capabilities dropped.
        var script = string.Join("; ",
            "id -u",
            "touch /tmp/probe && echo tmp-writable",
            "touch /app/probe 2>/dev/null && echo app-writable || echo app-read-only",
            "touch /probe 2>/dev/null && echo root-writable || echo root-read-only",
            "for t in dotnet gcc cc g++ make ld; do command -v $t >/dev/null && echo found-$t; done",
            "test -d /usr/share/dotnet/sdk && echo found-sdk",
            "test -f /app/libLibTorchSharp.so && echo torchsharp-native",
            "echo done");
        var result = (await _podman.TryAsync("run", "--rm", "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL",
            "--security-opt", "no-new-privileges", "--entrypoint", "/bin/sh", images.Options.SiloImage, "-c", script)).EnsureSuccess();
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("1654", lines[0]);
        Assert.Contains("tmp-writable", lines);
        Assert.Contains("app-read-only", lines);
        Assert.Contains("root-read-only", lines);
        Assert.Contains("torchsharp-native", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("found-", StringComparison.Ordinal));
        Assert.Equal("done", lines[^1]);
    }
}
