using System.Xml.Linq;

namespace FracCluster.Deploy.Tests.Docker;

public sealed class DockerfileTests
{
    private const string SdkImage = "mcr.microsoft.com/dotnet/sdk:10.0";
    private const string AspNetImage = "mcr.microsoft.com/dotnet/aspnet:10.0";
    private const string SiloProject = "src/FracCluster.Silo/FracCluster.Silo.csproj";

    /// <summary>UID of the "app" user that Microsoft's .NET 8+ images define as APP_UID.</summary>
    private const int DotNetImageAppUid = 1654;

    public static TheoryData<string, string> Variants => new()
    {
        { "Dockerfile", "cpu" },
        { "Dockerfile.cuda", "cuda" },
    };

    [Theory, MemberData(nameof(Variants))]
    public void Build_stage_publishes_the_silo_with_the_dotnet_10_sdk_and_its_torch_backend(string file, string backend)
    {
        var build = Load(file).Stage("build");
        Assert.Equal(SdkImage, build.BaseImage);
        var publish = Assert.Single(build.All("RUN"), r => r.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).Arguments;
        Assert.Contains(SiloProject, publish, StringComparison.Ordinal);
        Assert.Contains($"-p:TorchBackend={backend}", publish, StringComparison.Ordinal);
        Assert.Contains("--configuration Release", publish, StringComparison.Ordinal);
        Assert.Contains("--output /app", publish, StringComparison.Ordinal);
    }

    [Fact]
    public void Cpu_image_runs_on_the_aspnet_10_runtime()
    {
        Assert.Equal(AspNetImage, Load("Dockerfile").Final.BaseImage);
    }

    [Fact]
    public void Cuda_image_runs_on_a_cuda_12_8_ubuntu_24_04_runtime_with_the_aspnet_runtime_copied_in()
    {
        var dockerfile = Load("Dockerfile.cuda");
        // libtorch-cuda-12.8 is what TorchSharp-cuda-linux 0.107 ships; Ubuntu 24.04 matches the .NET 10 images.
        Assert.Matches(@"^nvidia/cuda:12\.8(\.\d+)?-(cudnn-)?runtime-ubuntu24\.04$", dockerfile.Final.BaseImage);
        var aspnetSources = dockerfile.Stages.Where(s => s.BaseImage == AspNetImage).Select(s => s.Name).ToHashSet();
        Assert.Contains(dockerfile.Final.All("COPY"), c =>
            c.Arguments.Contains("/usr/share/dotnet", StringComparison.Ordinal)
            && aspnetSources.Any(source => c.Arguments.StartsWith($"--from={source} ", StringComparison.Ordinal)));
        Assert.Equal("/usr/share/dotnet", dockerfile.Final.Environment()["DOTNET_ROOT"]);
    }

    [Theory, MemberData(nameof(Variants))]
    public void Image_exposes_http_silo_and_gateway_ports(string file, string backend)
    {
        _ = backend;
        var final = Load(file).Final;
        Assert.Equal([8080, 11111, 30000], final.ExposedPorts().Order());
        Assert.Equal("8080", final.Environment()["ASPNETCORE_HTTP_PORTS"]);
    }

    /// <summary>glibc reads the arena cap only at process start, so the image sets it (see NativeHeap: each arena keeps its peak).</summary>
    [Theory, MemberData(nameof(Variants))]
    public void Image_caps_glibc_arenas_for_the_silo_process(string file, string backend)
    {
        _ = backend;
        Assert.Equal("2", Load(file).Final.Environment()["MALLOC_ARENA_MAX"]);
    }

    [Theory, MemberData(nameof(Variants))]
    public void Image_runs_as_a_numeric_non_root_user(string file, string backend)
    {
        _ = backend;
        var final = Load(file).Final;
        var user = Assert.Single(final.All("USER")).Arguments.Split(':')[0];
        var env = final.Environment();
        var resolved = user switch
        {
            "$APP_UID" or "${APP_UID}" when env.TryGetValue("APP_UID", out var uid) => uid,
            "$APP_UID" or "${APP_UID}" when final.BaseImage == AspNetImage => DotNetImageAppUid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => user,
        };
        // Numeric, so Kubernetes' runAsNonRoot can verify it; the manifests pin the same UID.
        Assert.True(int.TryParse(resolved, out var numeric), $"USER {user} does not resolve to a numeric UID");
        Assert.NotEqual(0, numeric);
        Assert.Equal(DotNetImageAppUid, numeric);
    }

    [Theory, MemberData(nameof(Variants))]
    public void Entrypoint_runs_the_published_silo_assembly(string file, string backend)
    {
        _ = backend;
        var dockerfile = Load(file);
        Assert.Equal(["dotnet", SiloAssemblyName() + ".dll"], dockerfile.Entrypoint());
        Assert.Equal("/app", dockerfile.Final.All("WORKDIR").Last().Arguments);
        Assert.Contains(dockerfile.Final.All("COPY"), c => c.Arguments == "--from=build /app ./");
    }

    [Theory, MemberData(nameof(Variants))]
    public void Build_context_ignore_file_keeps_outputs_and_history_out_but_sources_in(string file, string backend)
    {
        _ = backend;
        var path = Path.Combine(RepositoryLayout.DeployDirectory, file + ".dockerignore");
        Assert.True(File.Exists(path), $"{file} has no {file}.dockerignore beside it");
        var patterns = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("**/bin/", patterns);
        Assert.Contains("**/obj/", patterns);
        Assert.Contains(".git/", patterns);
        string[] needed = ["src/", "src", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", ".editorconfig", "*", "**"];
        Assert.DoesNotContain(patterns, needed.Contains);
    }

    private static Dockerfile Load(string file) => Dockerfile.Load(Path.Combine(RepositoryLayout.DeployDirectory, file));

    private static string SiloAssemblyName()
    {
        var project = XDocument.Load(Path.Combine(RepositoryLayout.Root, SiloProject));
        return project.Descendants("AssemblyName").Select(e => e.Value).LastOrDefault() ?? Path.GetFileNameWithoutExtension(SiloProject);
    }
}
