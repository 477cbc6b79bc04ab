namespace FracCluster.Deploy.Tests.Docker;

public sealed class DockerfileParserTests
{
    [Fact]
    public void Continuations_comments_and_stages_are_read_as_docker_reads_them()
    {
        const string text = """
            # syntax=docker/dockerfile:1
            FROM base:1 AS build
            RUN one \
                # a comment inside a continuation
                two
            FROM --platform=linux/amd64 runtime:2
            ENV A=1 \
                B="two"
            EXPOSE 80/tcp 443
            USER 1000:1000
            ENTRYPOINT ["app", "--flag"]
            """;
        var dockerfile = Dockerfile.Parse(text);

        Assert.Equal(2, dockerfile.Stages.Count);
        Assert.Equal("build", dockerfile.Stages[0].Name);
        Assert.Equal("one  two", Assert.Single(dockerfile.Stages[0].All("RUN")).Arguments);
        Assert.Equal("runtime:2", dockerfile.Final.BaseImage);
        Assert.Null(dockerfile.Final.Name);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "two" }, dockerfile.Final.Environment());
        Assert.Equal([80, 443], dockerfile.Final.ExposedPorts());
        Assert.Equal(["app", "--flag"], dockerfile.Entrypoint());
    }

    [Fact]
    public void Global_args_parameterise_from_lines_with_their_defaults()
    {
        var dockerfile = Dockerfile.Parse("ARG SDK=sdk:10.0\nARG RUNTIME=\"runtime:10.0\"\nFROM ${SDK} AS build\nFROM $RUNTIME\n");
        Assert.Equal("sdk:10.0", dockerfile.Stage("build").BaseImage);
        Assert.Equal("runtime:10.0", dockerfile.Final.BaseImage);

        var error = Assert.Throws<InvalidDataException>(() => Dockerfile.Parse("ARG BASE\nFROM ${BASE}\n"));
        Assert.Contains("$BASE", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Dockerfile", "SDK_IMAGE", "RUNTIME_IMAGE")]
    [InlineData("Dockerfile.cuda", "SDK_IMAGE", "CUDA_IMAGE")]
    public void Base_images_are_build_arguments_so_a_mirror_or_a_local_base_can_stand_in(string file, string buildArg, string runtimeArg)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryLayout.DeployDirectory, file));
        Assert.Contains($"FROM ${{{buildArg}}} AS build", text, StringComparison.Ordinal);
        Assert.Contains($"FROM ${{{runtimeArg}}} AS runtime", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Shell_form_entrypoint_is_refused()
    {
        var dockerfile = Dockerfile.Parse("FROM x\nENTRYPOINT dotnet app.dll\n");
        var error = Assert.Throws<InvalidDataException>(() => dockerfile.Entrypoint());
        Assert.Contains("shell form", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_from_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => Dockerfile.Parse("RUN echo\n"));
    }
}
